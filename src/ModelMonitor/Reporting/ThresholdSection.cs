using ModelMonitor.Thresholds;

namespace ModelMonitor.Reporting;

/// <summary>One class's calibrated decision threshold with the holdout curves it was read from.</summary>
public sealed record ThresholdSection
{
    /// <summary>The most curve points kept unless the caller says otherwise; enough for a smooth plot.</summary>
    public const int DefaultMaxCurvePoints = 400;

    /// <summary>Gets what the threshold applies to: the class name (the positive class of a binary model).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the objective the threshold optimises, as a person reads it (for example "F1").</summary>
    public required string Objective { get; init; }

    /// <summary>Gets a value indicating whether the objective could be met on the holdout.</summary>
    public required bool IsFeasible { get; init; }

    /// <summary>Gets why the objective could not be met, or <see langword="null"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the chosen threshold.</summary>
    public required double Threshold { get; init; }

    /// <summary>Gets the lower end of the threshold's bootstrap interval, or <see langword="null"/> when none was run.</summary>
    public double? ThresholdLower { get; init; }

    /// <summary>Gets the upper end of the threshold's bootstrap interval, or <see langword="null"/> when none was run.</summary>
    public double? ThresholdUpper { get; init; }

    /// <summary>Gets the holdout size.</summary>
    public required int Count { get; init; }

    /// <summary>Gets the holdout's positives.</summary>
    public required int Positives { get; init; }

    /// <summary>Gets the area under the ROC curve.</summary>
    public required double RocAuc { get; init; }

    /// <summary>Gets the average precision.</summary>
    public required double AveragePrecision { get; init; }

    /// <summary>Gets the ROC curve: X is the false-positive rate, Y the true-positive rate.</summary>
    public required IReadOnlyList<CurvePoint> Roc { get; init; }

    /// <summary>Gets the precision-recall curve: X is recall, Y precision.</summary>
    public required IReadOnlyList<CurvePoint> PrecisionRecall { get; init; }

    /// <summary>Gets the confusion counts at the chosen threshold, or <see langword="null"/> when the objective is infeasible.</summary>
    public OperatingPoint? AtThreshold { get; init; }

    /// <summary>Gets the confusion counts at 0.5, the threshold a library would silently use.</summary>
    public required OperatingPoint AtHalf { get; init; }

    /// <summary>Gets the calibrator's warnings about the holdout.</summary>
    public HoldoutWarnings Warnings { get; init; }

    /// <summary>Reads a class's section off a calibration.</summary>
    /// <param name="name">The class name.</param>
    /// <param name="objectiveName">The objective as a person reads it.</param>
    /// <param name="calibration">The holdout calibration.</param>
    /// <param name="objective">The objective whose threshold is shown; the calibration must hold it.</param>
    /// <param name="interval">The threshold's bootstrap interval, if one was run.</param>
    /// <param name="maxCurvePoints">The most points kept per curve (evenly spaced, both ends kept).</param>
    /// <returns>The section.</returns>
    public static ThresholdSection From(string name, string objectiveName, BinaryCalibration calibration, ThresholdObjective objective, BootstrapResult? interval = null, int maxCurvePoints = DefaultMaxCurvePoints)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(objectiveName);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCurvePoints, 2);
        var selection = calibration.SelectionFor(objective);
        return new ThresholdSection
        {
            Name = name,
            Objective = objectiveName,
            IsFeasible = selection.IsFeasible,
            Reason = selection.Reason,
            Threshold = selection.Threshold,
            ThresholdLower = interval?.ThresholdLower,
            ThresholdUpper = interval?.ThresholdUpper,
            Count = calibration.Count,
            Positives = calibration.Positives,
            RocAuc = calibration.RocAuc,
            AveragePrecision = calibration.AveragePrecision,
            Roc = Thin(calibration.Roc.FalsePositiveRate, calibration.Roc.TruePositiveRate, calibration.Roc.Thresholds, maxCurvePoints),
            PrecisionRecall = Thin(calibration.PrecisionRecall.Recall, calibration.PrecisionRecall.Precision, calibration.PrecisionRecall.Thresholds, maxCurvePoints),
            AtThreshold = selection.IsFeasible ? calibration.At(selection.Threshold) : null,
            AtHalf = calibration.At(0.5),
            Warnings = calibration.Warnings | (interval?.Warnings ?? HoldoutWarnings.None),
        };
    }

    private static CurvePoint[] Thin(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> thresholds, int max)
    {
        var n = Math.Min(x.Count, y.Count);
        var kept = Math.Min(n, max);
        var points = new CurvePoint[kept];
        for (var i = 0; i < kept; i++)
        {
            var at = kept == 1 ? 0 : (int)Math.Round(i * (n - 1) / (double)(kept - 1));
            points[i] = new CurvePoint(x[at], y[at], at < thresholds.Count ? thresholds[at] : double.NaN);
        }

        return points;
    }
}

/// <summary>One point of a threshold curve.</summary>
/// <param name="X">The horizontal coordinate.</param>
/// <param name="Y">The vertical coordinate.</param>
/// <param name="Threshold">The threshold the point belongs to; NaN for a curve's end point that has none.</param>
public readonly record struct CurvePoint(double X, double Y, double Threshold);
