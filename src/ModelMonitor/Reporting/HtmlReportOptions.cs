namespace ModelMonitor.Reporting;

/// <summary>How <see cref="HtmlReportWriter"/> draws a report.</summary>
public sealed class HtmlReportOptions
{
    /// <summary>Gets or sets the most points a projection scatter draws; more are sampled uniformly (seeded) and the plot says so.</summary>
    /// <value>The default value is 2,500.</value>
    public int MaxScatterPoints { get; set; } = 2500;

    /// <summary>Gets or sets the most cohorts drawn in the timeline charts (the largest first; the merged cohort always).</summary>
    /// <value>The default value is 6.</value>
    public int MaxTimelineCohorts { get; set; } = 6;

    /// <summary>Gets or sets the most columns that get a drift histogram (the most drifted first); the table lists them all.</summary>
    /// <value>The default value is 24.</value>
    public int MaxDriftHistograms { get; set; } = 24;

    /// <summary>Gets or sets the most words drawn per explanation bar chart.</summary>
    /// <value>The default value is 10.</value>
    public int MaxWords { get; set; } = 10;

    /// <summary>Gets or sets the longest text (in characters) shown for a tagged sample or robustness example before it is shortened.</summary>
    /// <value>The default value is 240.</value>
    public int MaxTextLength { get; set; } = 240;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxScatterPoints, 1, nameof(MaxScatterPoints));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTimelineCohorts, 1, nameof(MaxTimelineCohorts));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxDriftHistograms, nameof(MaxDriftHistograms));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWords, 1, nameof(MaxWords));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTextLength, 8, nameof(MaxTextLength));
    }
}
