using System.Globalization;
using ModelMonitor.Thresholds;

namespace ModelMonitor.Cli.Thresholds;

/// <summary>Parses <c>--objective</c> values such as <c>f1</c>, <c>recall-at-precision:0.9</c> or <c>min-cost:1,5</c>.</summary>
internal static class ObjectiveParser
{
    public const string Help =
        "f1 | fbeta:<beta> | youden | balanced-accuracy | recall-at-precision:<p> | precision-at-recall:<r> | min-cost:<false-positive cost>,<false-negative cost>";

    public static bool TryParse(string text, out ThresholdObjective? objective, out string? error)
    {
        objective = null;
        error = null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        var argument = colon < 0 ? null : text[(colon + 1)..];
        try
        {
            objective = (name, argument) switch
            {
                ("f1", null) => ThresholdObjective.F1,
                ("youden", null) => ThresholdObjective.YoudenJ,
                ("balanced-accuracy", null) => ThresholdObjective.BalancedAccuracy,
                ("fbeta", { } b) => ThresholdObjective.FBeta(Number(b)),
                ("recall-at-precision", { } p) => ThresholdObjective.RecallAtPrecision(Number(p)),
                ("precision-at-recall", { } r) => ThresholdObjective.PrecisionAtRecall(Number(r)),
                ("min-cost", { } costs) when costs.Split(',') is [var fp, var fn] => ThresholdObjective.MinimumCost(Number(fp), Number(fn)),
                _ => null,
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
        {
            error = $"--objective '{text}': {e.Message}";
            return false;
        }

        if (objective is null)
        {
            error = $"--objective '{text}' is not one of: {Help}.";
        }

        return objective is not null;
    }

    /// <summary>The name <see cref="TryParse"/> reads back.</summary>
    public static string Describe(ThresholdObjective o) => o.Kind switch
    {
        ThresholdObjectiveKind.FBeta when o.Beta == 1 => "f1",
        ThresholdObjectiveKind.FBeta => string.Create(CultureInfo.InvariantCulture, $"fbeta:{o.Beta}"),
        ThresholdObjectiveKind.YoudenJ => "youden",
        ThresholdObjectiveKind.BalancedAccuracy => "balanced-accuracy",
        ThresholdObjectiveKind.RecallAtPrecision => string.Create(CultureInfo.InvariantCulture, $"recall-at-precision:{o.Target}"),
        ThresholdObjectiveKind.PrecisionAtRecall => string.Create(CultureInfo.InvariantCulture, $"precision-at-recall:{o.Target}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"min-cost:{o.FalsePositiveCost},{o.FalseNegativeCost}"),
    };

    private static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{text}' is not a number.");
}
