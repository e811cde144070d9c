namespace ModelMonitor.Profiling;

/// <summary>Pearson and Spearman correlations and skewness over columns where NaN is missing.</summary>
internal static class Correlations
{
    public static double[,] Matrix(double[][] columns, bool spearman)
    {
        var d = columns.Length;
        var result = new double[d, d];
        // Columns without NaN are ranked once and reused for every pair.
        var complete = columns.Select(c => !c.Any(double.IsNaN)).ToArray();
        var ranks = spearman ? columns.Select((c, i) => complete[i] ? Rank(c) : null).ToArray() : null;
        for (var i = 0; i < d; i++)
        {
            result[i, i] = 1;
            for (var j = i + 1; j < d; j++)
            {
                double r;
                if (complete[i] && complete[j])
                {
                    r = spearman ? Pearson(ranks![i]!, ranks[j]!) : Pearson(columns[i], columns[j]);
                }
                else
                {
                    var (x, y) = PairwiseComplete(columns[i], columns[j]);
                    r = spearman ? Pearson(Rank(x), Rank(y)) : Pearson(x, y);
                }

                result[i, j] = r;
                result[j, i] = r;
            }

            if (double.IsNaN(Pearson(columns[i], columns[i])))
            {
                result[i, i] = double.NaN;
            }
        }

        return result;
    }

    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = x.Length;
        if (n < 2)
        {
            return double.NaN;
        }

        double mx = 0, my = 0;
        for (var i = 0; i < n; i++)
        {
            mx += x[i];
            my += y[i];
        }

        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = x[i] - mx;
            var dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxx == 0 || syy == 0 ? double.NaN : Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }

    /// <summary>Average ranks (1-based), ties sharing the mean of their positions.</summary>
    public static double[] Rank(double[] values)
    {
        var n = values.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var keys = (double[])values.Clone();
        Array.Sort(keys, order);
        var ranks = new double[n];
        var start = 0;
        while (start < n)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start])
            {
                end++;
            }

            var rank = ((start + end - 1) / 2.0) + 1;
            for (var k = start; k < end; k++)
            {
                ranks[order[k]] = rank;
            }

            start = end;
        }

        return ranks;
    }

    /// <summary>The adjusted Fisher-Pearson skewness G1 of the present values (pandas' <c>Series.skew</c>).</summary>
    public static double Skewness(double[] values)
    {
        double n = 0, mean = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                n++;
                mean += (v - mean) / n;
            }
        }

        if (n < 3)
        {
            return double.NaN;
        }

        double m2 = 0, m3 = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                var d = v - mean;
                m2 += d * d;
                m3 += d * d * d;
            }
        }

        m2 /= n;
        m3 /= n;
        if (m2 == 0)
        {
            return 0;
        }

        return Math.Sqrt(n * (n - 1)) / (n - 2) * (m3 / Math.Pow(m2, 1.5));
    }

    private static (double[] X, double[] Y) PairwiseComplete(double[] a, double[] b)
    {
        var x = new List<double>(a.Length);
        var y = new List<double>(a.Length);
        for (var i = 0; i < a.Length; i++)
        {
            if (!double.IsNaN(a[i]) && !double.IsNaN(b[i]))
            {
                x.Add(a[i]);
                y.Add(b[i]);
            }
        }

        return ([.. x], [.. y]);
    }
}
