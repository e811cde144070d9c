using ModelMonitor.Explanations;
using ModelMonitor.Profiling;
using ModelMonitor.Projection;
using ModelMonitor.Robustness;
using ModelMonitor.Schema;
using ModelMonitor.Tagging;

namespace ModelMonitor.Reporting;

/// <summary>The schema validation of a serving batch.</summary>
/// <param name="DataName">What was validated, for example "Yelp reviews".</param>
/// <param name="RowCount">The rows validated.</param>
/// <param name="Violations">The violations found, as the validator reported them.</param>
public sealed record SchemaSection(string DataName, long RowCount, IReadOnlyList<SchemaViolation> Violations)
{
    /// <summary>Copies a validation result.</summary>
    /// <param name="dataName">What was validated.</param>
    /// <param name="result">The validator's result.</param>
    /// <returns>The section.</returns>
    public static SchemaSection From(string dataName, SchemaValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(dataName);
        ArgumentNullException.ThrowIfNull(result);
        return new SchemaSection(dataName, result.RowCount, result.Violations);
    }
}

/// <summary>One tagging selector's labelling queue.</summary>
/// <param name="Selector">The selector's name.</param>
/// <param name="Description">What the selector looks for, for a person.</param>
/// <param name="ScoreName">What the items' score means (for example "confidence", "distance to threshold").</param>
/// <param name="Observed">How many records the selector saw.</param>
/// <param name="Items">The queue, best candidate first.</param>
public sealed record TaggingQueueSection(string Selector, string Description, string ScoreName, long Observed, IReadOnlyList<TaggingQueueItem> Items)
{
    /// <summary>Reads a queue off a tagging snapshot.</summary>
    /// <param name="snapshot">The selector's snapshot.</param>
    /// <param name="description">What the selector looks for.</param>
    /// <param name="scoreName">What the score means.</param>
    /// <param name="textOf">Looks up what a sample id stands for (its text, a link), or returns <see langword="null"/>.</param>
    /// <param name="maxItems">The most items kept.</param>
    /// <returns>The section.</returns>
    public static TaggingQueueSection From(TaggingSnapshot snapshot, string description, string scoreName, Func<string, string?>? textOf = null, int maxItems = 25)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(scoreName);
        ArgumentOutOfRangeException.ThrowIfNegative(maxItems);
        return new TaggingQueueSection(
            snapshot.MonitorName,
            description,
            scoreName,
            snapshot.ObservedRecords,
            [.. snapshot.Selected.Take(maxItems).Select(s => new TaggingQueueItem(s, textOf?.Invoke(s.SampleId)))]);
    }
}

/// <summary>One queued sample.</summary>
/// <param name="Sample">The selector's entry.</param>
/// <param name="Text">What the sample is (its text), or <see langword="null"/>.</param>
public sealed record TaggingQueueItem(TaggedSample Sample, string? Text);

/// <summary>A projection of reference and serving embeddings per class, with the embedding-drift tests.</summary>
/// <param name="Title">What is projected, for example "Sentence embeddings, UMAP (cosine)".</param>
/// <param name="Projection">The projected points and per-group summaries.</param>
/// <param name="Drift">The embedding-drift test of serving against reference, or <see langword="null"/>.</param>
/// <param name="Control">The same test between two halves of the reference (should find nothing), or <see langword="null"/>.</param>
public sealed record ProjectionSection(string Title, GroupedProjectionResult Projection, EmbeddingDriftResult? Drift = null, EmbeddingDriftResult? Control = null);

/// <summary>LIME explanations: some samples word by word, and the words behind each class.</summary>
/// <param name="ClassNames">The class names, in class-index order.</param>
/// <param name="Samples">Sample-level explanations.</param>
/// <param name="Classes">Class-level aggregates.</param>
/// <param name="AggregatedCount">How many samples the class-level aggregates average.</param>
/// <param name="Note">What the samples are (for example "the most confident mistakes on Yelp"), or <see langword="null"/>.</param>
public sealed record ExplanationSection(
    IReadOnlyList<string> ClassNames, IReadOnlyList<LocalExplanation> Samples, IReadOnlyList<ClassExplanation> Classes, int AggregatedCount, string? Note = null);

/// <summary>Robustness under in-domain perturbations, suite by suite.</summary>
/// <param name="MaxFlipRate">The largest prediction flip rate a suite may have and pass.</param>
/// <param name="Passed">Whether every suite passed.</param>
/// <param name="Suites">The suites.</param>
public sealed record RobustnessSection(double MaxFlipRate, bool Passed, IReadOnlyList<RobustnessSuiteRow> Suites)
{
    /// <summary>Copies a robustness report, describing inputs as text.</summary>
    /// <typeparam name="TInput">The model's input type.</typeparam>
    /// <param name="report">The report.</param>
    /// <param name="describe">Turns an input into text for the page (for text models, the text itself).</param>
    /// <returns>The section.</returns>
    public static RobustnessSection From<TInput>(RobustnessReport<TInput> report, Func<TInput, string> describe)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(describe);
        return new RobustnessSection(
            report.MaxFlipRate,
            report.Passed,
            [.. report.Suites.Select(s => new RobustnessSuiteRow(
                s.Suite, s.Count, s.Flips, s.FlipRate, s.MeanConfidenceChange, s.MaxConfidenceChange, s.Passed,
                [.. s.Examples.Select(e => new RobustnessExampleRow(describe(e.Original), describe(e.Perturbed), e.OriginalClass, e.PerturbedClass, e.ConfidenceChange))]))]);
    }
}

/// <summary>One perturbation suite's result.</summary>
/// <param name="Suite">The suite's name.</param>
/// <param name="Count">How many inputs were perturbed.</param>
/// <param name="Flips">How many predictions changed class.</param>
/// <param name="FlipRate">The share of predictions that changed class.</param>
/// <param name="MeanConfidenceChange">The mean absolute change of the predicted class's score.</param>
/// <param name="MaxConfidenceChange">The largest absolute change of the predicted class's score.</param>
/// <param name="Passed">Whether the flip rate is within the limit.</param>
/// <param name="Examples">Examples of flips (or of the largest changes).</param>
public sealed record RobustnessSuiteRow(
    string Suite, int Count, int Flips, double FlipRate, double MeanConfidenceChange, double MaxConfidenceChange, bool Passed, IReadOnlyList<RobustnessExampleRow> Examples);

/// <summary>One perturbed input.</summary>
/// <param name="Original">The input.</param>
/// <param name="Perturbed">The perturbed input.</param>
/// <param name="OriginalClass">The class predicted for the input.</param>
/// <param name="PerturbedClass">The class predicted for the perturbed input.</param>
/// <param name="ConfidenceChange">The change of the originally predicted class's score.</param>
public sealed record RobustnessExampleRow(string Original, string Perturbed, int OriginalClass, int PerturbedClass, double ConfidenceChange);

/// <summary>A data profile, column by column, as the profiler computed it.</summary>
/// <param name="DataName">What was profiled.</param>
/// <param name="RowCount">The rows.</param>
/// <param name="MissingCellCount">The missing cells over all columns.</param>
/// <param name="DuplicateRowCount">The duplicate rows.</param>
/// <param name="Columns">The columns.</param>
/// <param name="LabelDistribution">The label's value counts when a label column was named, or <see langword="null"/>.</param>
public sealed record ProfileSection(string DataName, long RowCount, long MissingCellCount, long DuplicateRowCount, IReadOnlyList<ProfileColumnRow> Columns, IReadOnlyList<ValueCount>? LabelDistribution)
{
    /// <summary>Copies a profile.</summary>
    /// <param name="dataName">What was profiled.</param>
    /// <param name="profile">The profile.</param>
    /// <returns>The section.</returns>
    public static ProfileSection From(string dataName, ReferenceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(dataName);
        ArgumentNullException.ThrowIfNull(profile);
        return new ProfileSection(
            dataName,
            profile.RowCount,
            profile.MissingCellCount,
            profile.DuplicateRowCount,
            [.. profile.Columns.Select(c => new ProfileColumnRow(
                c.Name, c.Kind, c.Count, c.MissingCount, c.DistinctCount, c.DistinctIsExact,
                c.Numeric?.Mean, c.Numeric?.StandardDeviation, c.Numeric?.Min, c.Numeric?.Max,
                c.Numeric?.Quantiles ?? [], c.Numeric?.Histogram ?? [], c.TopValues, c.TextLength, c.VectorDimension))],
            profile.LabelDistribution);
    }
}

/// <summary>One profiled column.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Kind">The inferred kind.</param>
/// <param name="Count">The values, missing included.</param>
/// <param name="MissingCount">The missing values.</param>
/// <param name="DistinctCount">The distinct values (exact or estimated).</param>
/// <param name="DistinctIsExact">Whether <paramref name="DistinctCount"/> is exact.</param>
/// <param name="Mean">The mean of a numeric column.</param>
/// <param name="StandardDeviation">The standard deviation of a numeric column.</param>
/// <param name="Min">The minimum of a numeric column.</param>
/// <param name="Max">The maximum of a numeric column.</param>
/// <param name="Quantiles">The quantiles of a numeric column.</param>
/// <param name="Histogram">The histogram of a numeric column.</param>
/// <param name="TopValues">The most frequent values.</param>
/// <param name="TextLength">The length statistics of a text column.</param>
/// <param name="VectorDimension">The dimension of a vector column.</param>
public sealed record ProfileColumnRow(
    string Name,
    ColumnKind Kind,
    long Count,
    long MissingCount,
    long DistinctCount,
    bool DistinctIsExact,
    double? Mean,
    double? StandardDeviation,
    double? Min,
    double? Max,
    IReadOnlyList<ProfileQuantile> Quantiles,
    IReadOnlyList<HistogramBin> Histogram,
    IReadOnlyList<ValueCount> TopValues,
    LengthSummary? TextLength,
    int? VectorDimension);
