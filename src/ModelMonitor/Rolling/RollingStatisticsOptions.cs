using System.ComponentModel.DataAnnotations;
using ModelMonitor.Statistics;

namespace ModelMonitor.Rolling;

/// <summary>Configures a <see cref="RollingStatisticsMonitor"/>.</summary>
public sealed class RollingStatisticsOptions
{
    /// <summary>The largest supported class count.</summary>
    public const int MaxClassCount = 10_000;

    /// <summary>The largest class count for which <see cref="TrackClassScores"/> may be on (each class then gets windows and sketches of its own).</summary>
    public const int MaxTrackedClassScores = 256;

    /// <summary>Gets or sets the number of classes the model predicts.</summary>
    /// <value>The default value is 2.</value>
    [Range(2, MaxClassCount)]
    public int ClassCount { get; set; } = 2;

    /// <summary>Gets or sets display names of the classes, one per class; class indices are used when unset.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IList<string>? ClassNames { get; set; }

    /// <summary>Gets or sets how many of a cohort's most recent records the count window holds; 0 turns it off.</summary>
    /// <value>The default value is 1000.</value>
    [Range(0, 10_000_000)]
    public int CountWindowSize { get; set; } = 1000;

    /// <summary>Gets or sets the length of the time window; <see cref="TimeSpan.Zero"/> turns it off.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan TimeWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how many buckets a time window is split into. A window holds the last this-many
    /// buckets of width <see cref="TimeWindow"/> / buckets, the newest still filling, so it spans
    /// between one bucket less than the window and the whole window.
    /// </summary>
    /// <value>The default value is 10.</value>
    [Range(1, 1000)]
    public int TimeWindowBuckets { get; set; } = 10;

    /// <summary>
    /// Gets or sets how far behind a cohort's newest timestamp a record may be and still enter the
    /// time windows; older records are counted as late. At most <see cref="TimeWindow"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>, meaning <see cref="TimeWindow"/>.</value>
    public TimeSpan? AllowedLateness { get; set; }

    /// <summary>Gets or sets the quantiles reported for every window, as probabilities in [0, 1].</summary>
    /// <value>The default value is 0.1, 0.5, 0.9 and 0.99.</value>
    public IList<double> Quantiles { get; set; } = [0.1, 0.5, 0.9, 0.99];

    /// <summary>Gets or sets the smoothing factor of the exponentially weighted moving averages, in (0, 1].</summary>
    /// <value>The default value is 0.01 (a half-life of about 69 records).</value>
    [Range(double.Epsilon, 1.0)]
    public double EwmaAlpha { get; set; } = 0.01;

    /// <summary>
    /// Gets or sets the half-life of the moving averages in records; when set it takes precedence
    /// over <see cref="EwmaAlpha"/> (alpha = 1 - 0.5^(1 / half-life)).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: <see cref="EwmaAlpha"/> applies.</value>
    public double? EwmaHalfLife { get; set; }

    /// <summary>Gets the smoothing factor in force: from <see cref="EwmaHalfLife"/> when set, else <see cref="EwmaAlpha"/>.</summary>
    public double EffectiveEwmaAlpha => EwmaHalfLife is { } h ? ExponentialMovingAverage.AlphaFromHalfLife(h) : EwmaAlpha;

    /// <summary>Gets or sets the most cohorts tracked; records of further cohorts go to the overflow cohort and are counted.</summary>
    /// <value>The default value is 100.</value>
    [Range(1, 100_000)]
    public int MaxCohorts { get; set; } = 100;

    /// <summary>Gets or sets the longest cohort key accepted; longer keys make a record invalid.</summary>
    /// <value>The default value is 128.</value>
    [Range(1, 4096)]
    public int MaxCohortKeyLength { get; set; } = 128;

    /// <summary>Gets or sets the accuracy parameter of the quantile sketches (see <see cref="QuantileSketch.RankErrorBound(int)"/>).</summary>
    /// <value>The default value is 200 (rank error bound about 1.3%).</value>
    [Range(8, 32768)]
    public int SketchAccuracy { get; set; } = QuantileSketch.DefaultAccuracy;

    /// <summary>
    /// Gets or sets a value indicating whether each class's score gets statistics of its own, beside
    /// the confidence; allowed up to <see cref="MaxTrackedClassScores"/> classes.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool TrackClassScores { get; set; } = true;

    /// <summary>Checks the options, naming the first invalid one.</summary>
    /// <exception cref="ArgumentException">An option is out of range or inconsistent with another.</exception>
    public void Validate()
    {
        // Explicit checks rather than Validator.TryValidateObject: trim-safe, and each message names the option.
        Require(ClassCount is >= 2 and <= MaxClassCount, nameof(ClassCount), ClassCount, "[2, 10000]");
        if (TrackClassScores && ClassCount > MaxTrackedClassScores)
        {
            throw new ArgumentException($"{nameof(TrackClassScores)} is on with {nameof(ClassCount)} {ClassCount}; per-class statistics are kept for at most {MaxTrackedClassScores} classes. Turn {nameof(TrackClassScores)} off: confidence and class frequencies are still tracked.");
        }

        Require(CountWindowSize is >= 0 and <= 10_000_000, nameof(CountWindowSize), CountWindowSize, "[0, 10000000]");
        Require(TimeWindowBuckets is >= 1 and <= 1000, nameof(TimeWindowBuckets), TimeWindowBuckets, "[1, 1000]");
        Require(EwmaAlpha > 0 && EwmaAlpha <= 1, nameof(EwmaAlpha), EwmaAlpha, "(0, 1]");
        Require(EwmaHalfLife is null || (EwmaHalfLife > 0 && double.IsFinite(EwmaHalfLife.Value)), nameof(EwmaHalfLife), EwmaHalfLife ?? 0, "(0, infinity)");
        Require(MaxCohorts is >= 1 and <= 100_000, nameof(MaxCohorts), MaxCohorts, "[1, 100000]");
        Require(MaxCohortKeyLength is >= 1 and <= 4096, nameof(MaxCohortKeyLength), MaxCohortKeyLength, "[1, 4096]");
        Require(SketchAccuracy is >= 8 and <= 32768, nameof(SketchAccuracy), SketchAccuracy, "[8, 32768]");

        if (TimeWindow < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(TimeWindow)} is {TimeWindow}; it must not be negative.");
        }

        if (TimeWindow > TimeSpan.Zero && TimeWindow.Ticks / TimeWindowBuckets < 1)
        {
            throw new ArgumentException($"{nameof(TimeWindow)} {TimeWindow} is too short for {TimeWindowBuckets} buckets.");
        }

        if (AllowedLateness is { } lateness && (lateness < TimeSpan.Zero || lateness > TimeWindow))
        {
            throw new ArgumentException($"{nameof(AllowedLateness)} is {lateness}; it must lie in [0, {nameof(TimeWindow)} = {TimeWindow}].");
        }

        if (ClassNames is { } names && names.Count != ClassCount)
        {
            throw new ArgumentException($"{nameof(ClassNames)} has {names.Count} names; {nameof(ClassCount)} is {ClassCount}.");
        }

        if (Quantiles is null)
        {
            throw new ArgumentException($"{nameof(Quantiles)} is null; use an empty list for none.");
        }

        foreach (var q in Quantiles)
        {
            if (!(q >= 0 && q <= 1))
            {
                throw new ArgumentException($"{nameof(Quantiles)} contains {q}; quantile probabilities must lie in [0, 1].");
            }
        }
    }

    private static void Require(bool condition, string name, object value, string range)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} is {value}; it must lie in {range}.");
        }
    }
}
