namespace ModelMonitor.Reporting.Charts;

/// <summary>One point of a time series, with an optional band (e.g. p10–p90) around it.</summary>
/// <param name="Time">When (drawn in UTC).</param>
/// <param name="Value">The value; a non-finite value leaves a gap in the line.</param>
/// <param name="Low">The band's lower edge, or NaN for no band at this point.</param>
/// <param name="High">The band's upper edge, or NaN for no band at this point.</param>
internal readonly record struct TimePoint(DateTimeOffset Time, double Value, double Low = double.NaN, double High = double.NaN);

/// <summary>A named time series.</summary>
/// <param name="Name">The legend label.</param>
/// <param name="Points">The points, in any order (sorted by time when drawn).</param>
internal sealed record TimeSeries(string Name, IReadOnlyList<TimePoint> Points);

/// <summary>One series of a grouped bar chart: a value per category.</summary>
/// <param name="Name">The legend label, e.g. "training".</param>
/// <param name="Values">One value per category, in category order; a non-finite value draws no bar.</param>
internal sealed record BarSeries(string Name, IReadOnlyList<double> Values);

/// <summary>One point of a scatter plot.</summary>
/// <param name="X">The horizontal coordinate.</param>
/// <param name="Y">The vertical coordinate.</param>
/// <param name="Group">The index of its group in the chart's group list.</param>
internal readonly record struct ScatterPoint(double X, double Y, int Group);

/// <summary>A group of scatter points, e.g. "positive · serving".</summary>
/// <param name="Name">The legend label.</param>
/// <param name="Color">The series colour index (0..7, wraps).</param>
/// <param name="IsReference">Whether the group is reference data: drawn first, as faint squares, so serving dots stay visible on top.</param>
internal sealed record ScatterGroup(string Name, int Color, bool IsReference);

/// <summary>One point of a curve (ROC, precision–recall).</summary>
/// <param name="X">The horizontal coordinate in [0, 1].</param>
/// <param name="Y">The vertical coordinate in [0, 1].</param>
internal readonly record struct CurvePoint(double X, double Y);

/// <summary>A highlighted point on a curve, e.g. the operating threshold.</summary>
/// <param name="Point">Where.</param>
/// <param name="Label">What to write next to it, e.g. "F1 threshold 0.458".</param>
internal sealed record CurveMark(CurvePoint Point, string Label);

/// <summary>A named curve.</summary>
/// <param name="Name">The legend label, e.g. "holdout (AUC 0.91)".</param>
/// <param name="Points">The points in drawing order.</param>
/// <param name="Mark">An optional highlighted point.</param>
internal sealed record Curve(string Name, IReadOnlyList<CurvePoint> Points, CurveMark? Mark = null);

/// <summary>A labelled signed value for a horizontal bar chart.</summary>
/// <param name="Label">The label, e.g. a word.</param>
/// <param name="Value">The signed value; positive and negative bars have different colours.</param>
internal readonly record struct SignedBar(string Label, double Value);

/// <summary>A piece of text with a weight, for highlighting.</summary>
/// <param name="Text">The text, shown as is (escaped), including any spaces or punctuation.</param>
/// <param name="Weight">The signed weight; zero or non-finite means not highlighted.</param>
internal readonly record struct WeightedToken(string Text, double Weight);
