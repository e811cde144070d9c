using ModelMonitor.Drift;
using ModelMonitor.Profiling;
using ModelMonitor.Schema;
using ModelMonitor.Statistics;

namespace ModelMonitor.Features;

/// <summary>Settings of a <see cref="FeatureMonitor"/>.</summary>
public sealed class FeatureMonitorOptions
{
    /// <summary>Gets or sets the monitor's name, unique within a model's monitors.</summary>
    /// <value>The default value is <c>features</c>.</value>
    public string Name { get; set; } = "features";

    /// <summary>Gets or sets the schema the rows must satisfy, or <see langword="null"/> to check none.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public DataSchema? Schema { get; set; }

    /// <summary>Gets or sets the training profile numeric features are tested against for drift, or <see langword="null"/> to test none.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public ReferenceProfile? Reference { get; set; }

    /// <summary>Gets or sets the schema environment of the rows (the label is absent when serving, for instance).</summary>
    /// <value>The default value is <see cref="DataSchema.ServingEnvironment"/>.</value>
    public string? Environment { get; set; } = DataSchema.ServingEnvironment;

    /// <summary>Gets or sets the length of the tumbling windows rows are validated in (aligned to multiples of it since the Unix epoch).</summary>
    /// <value>The default value is one hour.</value>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the fewest rows the current window must hold to be judged; until then the previous complete window is reported.</summary>
    /// <value>The default value is 100.</value>
    public long MinRowsToJudge { get; set; } = 100;

    /// <summary>Gets or sets the significance level of the sketch Kolmogorov-Smirnov drift test.</summary>
    /// <value>The default value is 0.05.</value>
    public double DriftSignificance { get; set; } = DriftTestResult.DefaultSignificance;

    /// <summary>Gets or sets how each window is profiled (sketch accuracy, category capacity), or <see langword="null"/> for the defaults.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public ProfileOptions? Profile { get; set; }
}

/// <summary>
/// Watches a model's serving feature rows in tumbling time windows: validates each window against a
/// <see cref="DataSchema"/> (dropped columns, type changes, new categories, values out of range,
/// more missing values) and tests each numeric feature for drift against a training
/// <see cref="ReferenceProfile"/> with <see cref="SketchDrift.KolmogorovSmirnov"/>.
/// </summary>
/// <remarks>
/// <para>
/// Prediction records carry no features, so <see cref="Observe"/> ignores them: rows arrive through
/// <see cref="ObserveFeatures"/> (an <see cref="DependencyInjection.IModelMonitor"/> forwards them,
/// and the ML.NET package reads them off a scored view). Each row is profiled in bounded memory
/// (sketches and capped category counts); rows of the wrong length are counted as invalid.
/// </para>
/// <para>
/// <see cref="Snapshot"/> reports the current window once it holds
/// <see cref="FeatureMonitorOptions.MinRowsToJudge"/> rows, else the previous complete window.
/// Thread-safe: rows are serialised by a lock; a snapshot copies the window under it and
/// validates outside it.
/// </para>
/// </remarks>
public sealed class FeatureMonitor : IMonitor<FeatureSnapshot>, IFeatureObserver
{
    private readonly string[] _names;
    private readonly FeatureMonitorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly QuantileSketch?[] _referenceSketches;
    private readonly double?[] _referenceMissing;
    private readonly object _gate = new();
    private Window _current;
    private Window? _previous;

    /// <summary>Initializes a monitor of rows with the given features.</summary>
    /// <param name="featureNames">The features of a row, in order: distinct and not empty.</param>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults (no schema, no reference: only profiles).</param>
    /// <param name="timeProvider">The clock that places rows in windows; the system clock by default.</param>
    /// <exception cref="ArgumentException">A feature name is empty or repeated, or an option is out of range; the message names it.</exception>
    public FeatureMonitor(IReadOnlyList<string> featureNames, FeatureMonitorOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        _options = options ?? new FeatureMonitorOptions();
        Validate(_options);
        _names = [.. featureNames];
        if (_names.Length == 0)
        {
            throw new ArgumentException("At least one feature name is needed.", nameof(featureNames));
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
        _referenceSketches = new QuantileSketch?[_names.Length];
        _referenceMissing = new double?[_names.Length];
        for (var i = 0; i < _names.Length; i++)
        {
            if (_options.Reference is { } reference && reference.State.IndexOf(_names[i]) is >= 0 and var r)
            {
                // Reading Sketch flushes pending values; do it once here so snapshots only read the reference.
                _referenceSketches[i] = reference.State.Columns[r].Sketch is { IsEmpty: false } sketch ? sketch : null;
                _referenceMissing[i] = reference.Columns[r].MissingFraction;
            }

            if (_options.Schema?.Column(_names[i]) is { } column)
            {
                _referenceMissing[i] = column.ReferenceMissingFraction;
            }
        }

        _current = NewWindow(WindowStart(_timeProvider.GetUtcNow()));
    }

    /// <inheritdoc />
    public string Name => _options.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNames => _names;

    /// <summary>Does nothing: prediction records carry no features (see <see cref="ObserveFeatures"/>).</summary>
    /// <param name="record">The record.</param>
    public void Observe(in PredictionRecord record)
    {
    }

    /// <inheritdoc />
    public void ObserveFeatures(ReadOnlySpan<FeatureValue> features)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (now >= _current.End)
            {
                Rotate(now);
            }

            var builder = _current.Builder;
            if (features.Length != _names.Length)
            {
                builder.ReportInvalidRow(builder.RowCount + builder.InvalidRowCount + 1, "the row does not hold one value per feature");
                return;
            }

            builder.BeginRow();
            for (var i = 0; i < features.Length; i++)
            {
                ref readonly var value = ref features[i];
                switch (value.Kind)
                {
                    case FeatureValueKind.Number:
                        builder.AddNumber(i, value.Number);
                        break;
                    case FeatureValueKind.Boolean:
                        builder.AddBoolean(i, value.Boolean);
                        break;
                    case FeatureValueKind.Text when !value.Text.IsEmpty:
                        builder.AddString(i, value.Text.Span);
                        break;
                    default:
                        break;
                }
            }

            builder.EndRow();
        }
    }

    /// <inheritdoc />
    public FeatureSnapshot Snapshot()
    {
        var now = _timeProvider.GetUtcNow();
        ReferenceProfile profile;
        Window judged;
        lock (_gate)
        {
            if (now >= _current.End)
            {
                Rotate(now);
            }

            judged = _current.Builder.RowCount >= _options.MinRowsToJudge || _previous is null ? _current : _previous;
            profile = judged.Profile ??= judged.Builder.Build();
            if (judged == _current)
            {
                // The current window goes on changing: build it again next time.
                judged.Profile = null;
            }
        }

        return Describe(profile, judged, now);
    }

    /// <inheritdoc />
    MonitorSnapshot IMonitor.Snapshot() => Snapshot();

    private FeatureSnapshot Describe(ReferenceProfile profile, Window window, DateTimeOffset now)
    {
        var columns = new FeatureColumnSummary[_names.Length];
        List<FeatureDrift> drift = [];
        for (var i = 0; i < _names.Length; i++)
        {
            var observed = profile.Columns[i];
            columns[i] = new FeatureColumnSummary(_names[i], observed.Kind, observed.Count, observed.MissingFraction, _referenceMissing[i]);
            if (_referenceSketches[i] is { } reference && profile.State.Columns[i].Sketch is { } current && current.Count >= _options.MinRowsToJudge)
            {
                drift.Add(new FeatureDrift(_names[i], SketchDrift.KolmogorovSmirnov(reference, current, _options.DriftSignificance)));
            }
        }

        IReadOnlyList<SchemaViolation> violations = profile.RowCount == 0 || _options.Schema is not { } schema
            ? []
            : SchemaValidator.Validate(schema, profile, _options.Environment).Violations;
        // The schema validator reports invalid rows itself; without a schema they still deserve a line.
        if (profile.InvalidRowCount > 0 && _options.Schema is null)
        {
            violations = [.. violations, new SchemaViolation(
                ViolationKind.InvalidRows,
                ViolationSeverity.Error,
                null,
                $"{profile.InvalidRowCount} row(s) did not hold one value per feature ({_names.Length} expected).",
                profile.InvalidRowCount,
                [])];
        }

        return new FeatureSnapshot
        {
            MonitorName = Name,
            AsOf = now,
            WindowStart = window.Start,
            WindowEnd = window.End,
            IsComplete = window.End <= now,
            RowCount = profile.RowCount,
            InvalidRowCount = profile.InvalidRowCount,
            Columns = columns,
            Violations = violations,
            Drift = drift,
        };
    }

    private void Rotate(DateTimeOffset now)
    {
        var start = WindowStart(now);
        // A gap of a whole window with no row leaves no previous window to report.
        _previous = start == _current.End ? _current : null;
        _current = NewWindow(start);
    }

    private DateTimeOffset WindowStart(DateTimeOffset now)
    {
        var ticks = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var window = _options.Window.Ticks;
        return DateTimeOffset.UnixEpoch.AddTicks(ticks - (((ticks % window) + window) % window));
    }

    private Window NewWindow(DateTimeOffset start) => new(start, start + _options.Window, new ProfileBuilder(_names, _options.Profile));

    private static void Validate(FeatureMonitorOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Name, "options.Name");
        if (options.Window <= TimeSpan.Zero)
        {
            throw new ArgumentException($"FeatureMonitorOptions.Window is {options.Window}; it must be positive.", nameof(options));
        }

        if (options.MinRowsToJudge < 1)
        {
            throw new ArgumentException($"FeatureMonitorOptions.MinRowsToJudge is {options.MinRowsToJudge}; it must be at least 1.", nameof(options));
        }

        if (!(options.DriftSignificance is > 0 and < 1))
        {
            throw new ArgumentException($"FeatureMonitorOptions.DriftSignificance is {options.DriftSignificance}; it must lie in (0, 1).", nameof(options));
        }
    }

    private sealed class Window(DateTimeOffset start, DateTimeOffset end, ProfileBuilder builder)
    {
        public DateTimeOffset Start { get; } = start;

        public DateTimeOffset End { get; } = end;

        public ProfileBuilder Builder { get; } = builder;

        public ReferenceProfile? Profile { get; set; }
    }
}

/// <summary>What a <see cref="FeatureMonitor"/> found in one window of feature rows. Immutable.</summary>
public sealed record FeatureSnapshot : MonitorSnapshot
{
    /// <summary>Gets the start of the window described.</summary>
    public required DateTimeOffset WindowStart { get; init; }

    /// <summary>Gets the end of the window described (exclusive).</summary>
    public required DateTimeOffset WindowEnd { get; init; }

    /// <summary>Gets a value indicating whether the window has ended (the current one held too few rows to be judged).</summary>
    public required bool IsComplete { get; init; }

    /// <summary>Gets the number of rows profiled in the window.</summary>
    public required long RowCount { get; init; }

    /// <summary>Gets the number of rows rejected (wrong length) in the window.</summary>
    public required long InvalidRowCount { get; init; }

    /// <summary>Gets each feature's type and missing fraction in the window.</summary>
    public required IReadOnlyList<FeatureColumnSummary> Columns { get; init; }

    /// <summary>Gets the schema violations of the window, errors first; empty without a schema or rows.</summary>
    public required IReadOnlyList<SchemaViolation> Violations { get; init; }

    /// <summary>Gets the drift of each numeric feature the reference profile has, once the window holds enough values.</summary>
    public required IReadOnlyList<FeatureDrift> Drift { get; init; }
}

/// <summary>One feature in one window.</summary>
/// <param name="Column">The feature's name.</param>
/// <param name="Kind">The type its values had.</param>
/// <param name="RowCount">The rows seen, missing values included.</param>
/// <param name="MissingFraction">The fraction of rows where it was missing.</param>
/// <param name="ReferenceMissingFraction">Its missing fraction in the schema or reference profile, when known.</param>
public sealed record FeatureColumnSummary(string Column, ColumnKind Kind, long RowCount, double MissingFraction, double? ReferenceMissingFraction);

/// <summary>The sketch drift test of one numeric feature against its reference.</summary>
/// <param name="Column">The feature's name.</param>
/// <param name="Result">The test's result, with the sketches' error bound.</param>
public sealed record FeatureDrift(string Column, SketchDriftResult Result);
