using System.Diagnostics.Metrics;
using ModelMonitor.Alerts;
using ModelMonitor.DependencyInjection;
using ModelMonitor.Features;
using ModelMonitor.Rolling;
using ModelMonitor.Schema;
using ModelMonitor.Tagging;

namespace ModelMonitor.Metrics;

/// <summary>The name of the meter every ModelMonitor instrument belongs to: pass it to OpenTelemetry's <c>AddMeter</c>.</summary>
public static class ModelMonitorMeter
{
    /// <summary>The meter's name.</summary>
    public const string Name = "ModelMonitor";
}

/// <summary>
/// The ModelMonitor instruments. All but none are observable: they read each model's latest
/// published snapshot when a collector asks, so observing a record costs nothing here, and the
/// counter of records is the model's own.
/// </summary>
internal sealed class ModelMonitorMetrics : IDisposable
{
    private const string Ratio = "1";
    private static readonly AlertSeverity[] Severities = [AlertSeverity.Warning, AlertSeverity.Critical];
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly DefaultModelMonitorRegistry _registry;
    private readonly ModelMonitoringOptions _options;

    public ModelMonitorMetrics(IMeterFactory? meterFactory, DefaultModelMonitorRegistry registry, ModelMonitoringOptions options)
    {
        _registry = registry;
        _options = options;
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(ModelMonitorMeter.Name) ?? new Meter(ModelMonitorMeter.Name);

        _meter.CreateObservableCounter("modelmonitor.records", ObserveRecords, "{record}", "Prediction records observed, valid or not.");
        _meter.CreateObservableCounter("modelmonitor.records.invalid", ObserveInvalid, "{record}", "Records rejected, by reason.");
        _meter.CreateObservableCounter("modelmonitor.records.late", () => FromRolling(s => s.LateRecords), "{record}", "Records later than the allowed lateness (left out of time windows).");
        _meter.CreateObservableCounter("modelmonitor.records.overflow", () => FromRolling(s => s.OverflowRecords), "{record}", "Records of new cohorts sent to the overflow cohort once the cohort cap was reached.");
        _meter.CreateObservableGauge("modelmonitor.confidence.mean", () => ObserveConfidence(s => s.Mean), Ratio, "Mean confidence (largest class score) in the rolling window.");
        _meter.CreateObservableGauge("modelmonitor.confidence.p10", () => ObserveConfidence(s => s.Quantile(0.1)), Ratio, "10th percentile of confidence in the rolling window.");
        _meter.CreateObservableGauge("modelmonitor.confidence.p50", () => ObserveConfidence(s => s.Quantile(0.5)), Ratio, "Median confidence in the rolling window.");
        _meter.CreateObservableGauge("modelmonitor.confidence.p90", () => ObserveConfidence(s => s.Quantile(0.9)), Ratio, "90th percentile of confidence in the rolling window.");
        _meter.CreateObservableGauge("modelmonitor.class.share", ObserveClassShares, Ratio, "Share of predictions of each class in the rolling window.");
        _meter.CreateObservableGauge("modelmonitor.drift.statistic", () => ObserveDrift(false), Ratio, "Drift statistic of each feature column in the latest drift result.");
        _meter.CreateObservableGauge("modelmonitor.drift.detected", () => ObserveDrift(true), Ratio, "1 when a feature column drifted in the latest drift result, else 0.");
        _meter.CreateObservableGauge("modelmonitor.schema.violations", ObserveSchemaViolations, "{value}", "Values (or rows) breaking the schema in each feature monitor's judged window, by column and violation kind.");
        _meter.CreateObservableGauge("modelmonitor.tagging.selected", ObserveTagging, "{sample}", "Samples held by each tagging selector, waiting for labelling.");
        _meter.CreateObservableGauge("modelmonitor.alerts.active", ObserveAlerts, "{alert}", "Active alerts by severity.");
    }

    /// <summary>Gets or sets the source of active alerts; set once the evaluator exists.</summary>
    internal IAlertState? Alerts { get; set; }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    /// <summary>The window gauges describe: the time window when on, else the count window.</summary>
    internal static (SummaryStatistics? Confidence, ClassFrequencies? Classes) RollingWindow(CohortStatistics cohort) =>
        cohort.Confidence.TimeWindow is not null || cohort.PredictedClasses.TimeWindow is not null
            ? (cohort.Confidence.TimeWindow, cohort.PredictedClasses.TimeWindow)
            : (cohort.Confidence.CountWindow, cohort.PredictedClasses.CountWindow);

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);

    private IEnumerable<Measurement<long>> ObserveRecords()
    {
        foreach (var model in _registry.Created)
        {
            yield return new Measurement<long>(model.ObservedRecords, Tag("model", model.ModelName));
        }
    }

    private IEnumerable<Measurement<long>> ObserveInvalid()
    {
        foreach (var (model, rolling) in Rolling())
        {
            var counts = rolling.InvalidRecords;
            yield return Invalid(model, InvalidRecordReason.EmptyScores, counts.EmptyScores);
            yield return Invalid(model, InvalidRecordReason.WrongScoreCount, counts.WrongScoreCount);
            yield return Invalid(model, InvalidRecordReason.NonFiniteScore, counts.NonFiniteScore);
            yield return Invalid(model, InvalidRecordReason.ScoreOutOfRange, counts.ScoreOutOfRange);
            yield return Invalid(model, InvalidRecordReason.PredictedClassOutOfRange, counts.PredictedClassOutOfRange);
            yield return Invalid(model, InvalidRecordReason.LabelOutOfRange, counts.LabelOutOfRange);
            yield return Invalid(model, InvalidRecordReason.CohortKeyTooLong, counts.CohortKeyTooLong);
        }

        static Measurement<long> Invalid(string model, InvalidRecordReason reason, long count) =>
            new(count, Tag("model", model), Tag("reason", ReasonTag(reason)));
    }

    internal static string ReasonTag(InvalidRecordReason reason) => reason switch
    {
        InvalidRecordReason.EmptyScores => "empty_scores",
        InvalidRecordReason.WrongScoreCount => "wrong_score_count",
        InvalidRecordReason.NonFiniteScore => "non_finite_score",
        InvalidRecordReason.ScoreOutOfRange => "score_out_of_range",
        InvalidRecordReason.PredictedClassOutOfRange => "predicted_class_out_of_range",
        InvalidRecordReason.LabelOutOfRange => "label_out_of_range",
        _ => "cohort_key_too_long",
    };

    private IEnumerable<Measurement<long>> FromRolling(Func<RollingStatisticsSnapshot, long> value)
    {
        foreach (var (model, rolling) in Rolling())
        {
            yield return new Measurement<long>(value(rolling), Tag("model", model));
        }
    }

    private IEnumerable<Measurement<double>> ObserveConfidence(Func<SummaryStatistics, double?> value)
    {
        foreach (var (model, rolling) in Rolling())
        {
            foreach (var cohort in Cohorts(rolling))
            {
                if (RollingWindow(cohort).Confidence is { } stats && value(stats) is { } v)
                {
                    yield return new Measurement<double>(v, Tag("model", model), Tag("cohort", cohort.Cohort));
                }
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveClassShares()
    {
        foreach (var (model, rolling) in Rolling())
        {
            var classes = Math.Min(rolling.ClassNames.Count, _options.MaxMetricClasses);
            foreach (var cohort in Cohorts(rolling))
            {
                if (RollingWindow(cohort).Classes is not { Total: > 0 } frequencies)
                {
                    continue;
                }

                for (var c = 0; c < classes; c++)
                {
                    yield return new Measurement<double>(frequencies.Shares[c], Tag("model", model), Tag("cohort", cohort.Cohort), Tag("class", rolling.ClassNames[c]));
                }
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveDrift(bool flag)
    {
        foreach (var model in _registry.Created)
        {
            if (model.LatestSnapshot is not { } snapshot)
            {
                continue;
            }

            var columns = new List<(string Column, bool IsDrift, double? Statistic)>();
            if (snapshot.Drift is { } drift)
            {
                columns.AddRange(drift.Columns.Select(c => (c.Column, c.IsDrift, c.Statistic)));
            }

            // A feature monitor's sketch tests fill in the columns the dataset drift result does not cover.
            foreach (var features in snapshot.Monitors.Values.OfType<FeatureSnapshot>())
            {
                foreach (var d in features.Drift)
                {
                    if (!columns.Exists(c => string.Equals(c.Column, d.Column, StringComparison.Ordinal)))
                    {
                        columns.Add((d.Column, d.Result.Decision == Drift.SketchDecision.Drift, d.Result.Statistic));
                    }
                }
            }

            foreach (var (column, isDrift, statistic) in columns.Take(_options.MaxMetricColumns))
            {
                if (flag)
                {
                    yield return new Measurement<double>(isDrift ? 1 : 0, Tag("model", model.ModelName), Tag("column", column));
                }
                else if (statistic is { } value && double.IsFinite(value))
                {
                    yield return new Measurement<double>(value, Tag("model", model.ModelName), Tag("column", column));
                }
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveSchemaViolations()
    {
        foreach (var model in _registry.Created)
        {
            if (model.LatestSnapshot is not { } snapshot)
            {
                continue;
            }

            foreach (var monitor in snapshot.Monitors.Values)
            {
                if (monitor is not FeatureSnapshot features)
                {
                    continue;
                }

                // Columns beyond the cap share one "(other)" tag per kind, so the series stay bounded whatever the schema's width.
                var admitted = new HashSet<string>(StringComparer.Ordinal);
                var counts = new Dictionary<(string Column, ViolationKind Kind), long>();
                foreach (var violation in features.Violations)
                {
                    var column = violation.Column ?? TableTag;
                    if (!admitted.Contains(column))
                    {
                        if (admitted.Count < _options.MaxMetricColumns)
                        {
                            admitted.Add(column);
                        }
                        else
                        {
                            column = OtherTag;
                        }
                    }

                    counts[(column, violation.Kind)] = counts.GetValueOrDefault((column, violation.Kind)) + violation.Count;
                }

                foreach (var ((column, kind), count) in counts)
                {
                    yield return new Measurement<long>(count, Tag("model", model.ModelName), Tag("column", column), Tag("kind", ViolationTag(kind)));
                }
            }
        }
    }

    internal const string TableTag = "(rows)";

    internal const string OtherTag = "(other)";

    internal static string ViolationTag(ViolationKind kind) => kind switch
    {
        ViolationKind.MissingColumn => "missing_column",
        ViolationKind.UnexpectedColumn => "unexpected_column",
        ViolationKind.TypeChange => "type_change",
        ViolationKind.OutOfDomain => "out_of_domain",
        ViolationKind.OutOfRange => "out_of_range",
        ViolationKind.MissingFractionTooHigh => "missing_fraction_too_high",
        ViolationKind.VectorDimensionMismatch => "vector_dimension_mismatch",
        ViolationKind.EmptyBatch => "empty_batch",
        ViolationKind.InvalidRows => "invalid_rows",
        _ => "column_not_expected",
    };

    private IEnumerable<Measurement<long>> ObserveTagging()
    {
        foreach (var model in _registry.Created)
        {
            if (model.LatestSnapshot is not { } snapshot)
            {
                continue;
            }

            foreach (var (name, monitor) in snapshot.Monitors)
            {
                if (monitor is TaggingSnapshot tagging)
                {
                    yield return new Measurement<long>(tagging.Selected.Count, Tag("model", model.ModelName), Tag("selector", name));
                }
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveAlerts()
    {
        if (Alerts is not { } alerts)
        {
            yield break;
        }

        foreach (var model in _registry.Created)
        {
            var active = alerts.ActiveAlerts(model.ModelName);
            foreach (var severity in Severities)
            {
                var count = 0;
                foreach (var alert in active)
                {
                    if (alert.Severity == severity)
                    {
                        count++;
                    }
                }

                yield return new Measurement<long>(count, Tag("model", model.ModelName), Tag("severity", severity == AlertSeverity.Warning ? "warning" : "critical"));
            }
        }
    }

    private IEnumerable<(string Model, RollingStatisticsSnapshot Rolling)> Rolling()
    {
        foreach (var model in _registry.Created)
        {
            if (model.LatestSnapshot?.Find<RollingStatisticsSnapshot>() is { } rolling)
            {
                yield return (model.ModelName, rolling);
            }
        }
    }

    /// <summary>The merged view and the largest cohorts, at most <see cref="ModelMonitoringOptions.MaxMetricCohorts"/> of them, so tag cardinality stays bounded.</summary>
    private IEnumerable<CohortStatistics> Cohorts(RollingStatisticsSnapshot rolling)
    {
        yield return rolling.Overall;
        foreach (var cohort in rolling.Cohorts.OrderByDescending(c => c.Count).ThenBy(c => c.Cohort, StringComparer.Ordinal).Take(_options.MaxMetricCohorts))
        {
            yield return cohort;
        }
    }
}
