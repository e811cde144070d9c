namespace ModelMonitor.Tagging;

/// <summary>Uncertainty measures of one record's scores; a single binary score p stands for (1 - p, p).</summary>
internal static class TaggingScores
{
    public static double Confidence(ReadOnlySpan<float> scores)
    {
        if (scores.Length == 1)
        {
            double p = scores[0];
            return Math.Max(p, 1 - p);
        }

        var max = scores[0];
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > max)
            {
                max = scores[i];
            }
        }

        return max;
    }

    public static double Margin(ReadOnlySpan<float> scores)
    {
        if (scores.Length == 1)
        {
            double p = scores[0];
            return Math.Abs(p - (1 - p));
        }

        double first = double.NegativeInfinity, second = double.NegativeInfinity;
        foreach (var s in scores)
        {
            if (s > first)
            {
                second = first;
                first = s;
            }
            else if (s > second)
            {
                second = s;
            }
        }

        return first - second;
    }

    public static double Entropy(ReadOnlySpan<float> scores)
    {
        if (scores.Length == 1)
        {
            double p = scores[0];
            return Term(p) + Term(1 - p);
        }

        var h = 0.0;
        foreach (var s in scores)
        {
            h += Term(s);
        }

        return h;
    }

    public static double ClassScore(ReadOnlySpan<float> scores, int predictedClass)
    {
        if (scores.Length == 1)
        {
            double p = scores[0];
            return predictedClass == 1 ? p : 1 - p;
        }

        return scores[predictedClass];
    }

    private static double Term(double p) => p > 0 ? -p * Math.Log(p) : 0;
}
