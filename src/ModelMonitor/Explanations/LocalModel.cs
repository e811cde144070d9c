namespace ModelMonitor.Explanations;

/// <summary>The feature selection LIME applies before fitting its local model, shared by the text and tabular explainers.</summary>
internal static class LocalModel
{
    /// <summary>
    /// The explanation with its stability: the mean Jaccard overlap of its chosen features with
    /// those of <paramref name="runs"/> re-runs under seeds <c>seed + 1</c>, <c>seed + 2</c>, ...
    /// </summary>
    public static LocalExplanation WithStability(LocalExplanation main, int runs, int seed, double minimum, Func<int, LocalExplanation> rerun)
    {
        if (runs == 0)
        {
            return main;
        }

        var chosen = main.Features.Select(f => f.Feature).ToHashSet(StringComparer.Ordinal);
        var overlap = 0.0;
        for (var r = 1; r <= runs; r++)
        {
            var other = rerun(unchecked(seed + r)).Features.Select(f => f.Feature).ToHashSet(StringComparer.Ordinal);
            var common = other.Count(chosen.Contains);
            var union = chosen.Count + other.Count - common;
            overlap += union == 0 ? 1 : (double)common / union;
        }

        var stability = overlap / runs;
        return main with { Stability = stability, IsUnstable = stability < minimum };
    }

    private const int ForwardSelectionLimit = 6;

    // LIME selects with a nearly unpenalised ridge, then fits the reported model with the user's penalty.
    private const double SelectionAlpha = 0.01;

    /// <summary>The columns to keep, ascending.</summary>
    public static int[] SelectFeatures(double[] x, int d, double[] y, double[] weights, int featureCount, FeatureSelection method)
    {
        var wanted = Math.Min(featureCount, d);
        if (method == FeatureSelection.Auto)
        {
            method = wanted <= ForwardSelectionLimit ? FeatureSelection.ForwardSelection : FeatureSelection.HighestWeights;
        }

        var all = Enumerable.Range(0, d).ToArray();
        switch (method)
        {
            case FeatureSelection.All:
                return all;
            case FeatureSelection.HighestWeights:
                var (coefficients, _) = WeightedRidge.Fit(x, d, all, y, weights, SelectionAlpha);
                return [.. all.OrderByDescending(j => Math.Abs(coefficients[j])).ThenBy(j => j).Take(wanted).Order()];
            default:
                var chosen = new List<int>(wanted);
                for (var step = 0; step < wanted; step++)
                {
                    var best = -1;
                    var bestScore = double.NegativeInfinity;
                    foreach (var j in all)
                    {
                        if (chosen.Contains(j))
                        {
                            continue;
                        }

                        int[] trial = [.. chosen, j];
                        var (c, intercept) = WeightedRidge.Fit(x, d, trial, y, weights, SelectionAlpha);
                        var score = WeightedRidge.Score(x, d, trial, y, weights, c, intercept);
                        if (score > bestScore)
                        {
                            best = j;
                            bestScore = score;
                        }
                    }

                    chosen.Add(best);
                }

                return [.. chosen.Order()];
        }
    }
}
