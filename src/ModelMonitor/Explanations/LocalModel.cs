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
    public static int[] SelectFeatures(double[] x, int d, double[] y, double[] weights, int featureCount, FeatureSelection method) =>
        SelectFeatures(
            d,
            featureCount,
            method,
            (columns, alpha) => WeightedRidge.Fit(x, d, columns, y, weights, alpha),
            (columns, coefficients, intercept) => WeightedRidge.Score(x, d, columns, y, weights, coefficients, intercept));

    /// <summary>The columns of a 0/1 design to keep, ascending.</summary>
    public static int[] SelectFeatures(BinaryDesign design, int featureCount, FeatureSelection method) =>
        SelectFeatures(design.Width, featureCount, method, (columns, alpha) => design.Fit(columns, alpha), (columns, coefficients, intercept) => design.Score(columns, coefficients, intercept));

    private static int[] SelectFeatures(
        int d, int featureCount, FeatureSelection method, Func<int[], double, (double[] Coefficients, double Intercept)> fit, Func<int[], double[], double, double> score)
    {
        var wanted = Math.Min(featureCount, d);
        if (method == FeatureSelection.Auto)
        {
            method = wanted <= ForwardSelectionLimit ? FeatureSelection.ForwardSelection : FeatureSelection.HighestWeights;
        }

        var all = new int[d];
        for (var j = 0; j < d; j++)
        {
            all[j] = j;
        }

        switch (method)
        {
            case FeatureSelection.All:
                return all;
            case FeatureSelection.HighestWeights:
                var (coefficients, _) = fit(all, SelectionAlpha);
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
                        var (c, intercept) = fit(trial, SelectionAlpha);
                        var trialScore = score(trial, c, intercept);
                        if (trialScore > bestScore)
                        {
                            best = j;
                            bestScore = trialScore;
                        }
                    }

                    chosen.Add(best);
                }

                return [.. chosen.Order()];
        }
    }
}
