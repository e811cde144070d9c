using System.Globalization;
using ModelMonitor.DependencyInjection;
using ModelMonitor.Features;
using ModelMonitor.Rolling;
using ModelMonitor.Schema;

namespace ModelMonitor.Alerts;

/// <summary>One rule's reading of one thing (model, cohort, column) in one snapshot.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Cohort">The cohort, if any.</param>
/// <param name="Column">The column, if any.</param>
/// <param name="Severity">The severity when breached.</param>
/// <param name="Value">The measured value.</param>
/// <param name="Threshold">The limit.</param>
/// <param name="Breached">Whether the value crosses the limit.</param>
/// <param name="Clear">Whether the value is back within the limit by the hysteresis margin.</param>
/// <param name="Message">A sentence for a person.</param>
internal readonly record struct AlertCondition(
    string Rule, string? Cohort, string? Column, AlertSeverity Severity, double Value, double Threshold, bool Breached, bool Clear, string Message);

/// <summary>Reads the built-in rules off a model's snapshot; never recomputes a statistic.</summary>
internal static class AlertConditions
{
    public static void Evaluate(ModelSnapshot snapshot, AlertRuleOptions options, InvalidDelta invalidDelta, List<AlertCondition> conditions)
    {
        var model = snapshot.ModelName;
        var clear = options.ClearRatio;
        if (snapshot.Find<RollingStatisticsSnapshot>() is { } rolling)
        {
            var window = rolling.Windows.TimeWindow > TimeSpan.Zero
                ? $"{Format(rolling.Windows.TimeWindow)} window"
                : "window";

            if (options.MaxInvalidFraction is { } maxInvalid)
            {
                var (invalid, total) = invalidDelta.Next(rolling.InvalidRecords.Total, rolling.ObservedRecords + rolling.InvalidRecords.Total);
                if (total > 0)
                {
                    var fraction = invalid / (double)total;
                    conditions.Add(new(AlertRules.InvalidRecords, null, null, AlertSeverity.Critical, fraction, maxInvalid, fraction > maxInvalid, fraction <= maxInvalid * clear,
                        $"Model '{model}': {invalid} of the last {total} records were invalid ({Percent(fraction)}, limit {Percent(maxInvalid)}); the records sent no longer match the model (score count, classes or values). See modelmonitor.records.invalid by reason."));
                }
            }

            if (options.MinRecordsPerWindow is { } minRecords && rolling.Overall.Confidence.TimeWindow is var current && rolling.Windows.TimeWindow > TimeSpan.Zero && rolling.ObservedRecords > 0)
            {
                var count = current?.Count ?? 0;
                conditions.Add(new(AlertRules.TooFewRecords, null, null, AlertSeverity.Warning, count, minRecords, count < minRecords, count >= minRecords,
                    $"Model '{model}': only {count} records in the current {window} (at least {minRecords} expected); traffic dropped or predictions are no longer observed."));
            }

            foreach (var cohort in rolling.Cohorts.Prepend(rolling.Overall))
            {
                if (cohort.Trend is not { } trend)
                {
                    continue;
                }

                var cohortName = cohort.Cohort;
                var currentCount = cohort.PredictedClasses.TimeWindow?.Total ?? 0;
                var previousCount = cohort.PredictedClasses.PreviousTimeWindow?.Total ?? 0;
                if (currentCount < options.MinRecordsToJudge || previousCount < options.MinRecordsToJudge)
                {
                    continue;
                }

                if (options.MaxClassShareChange is { } maxShare)
                {
                    foreach (var shift in trend.ClassSharesVsPreviousWindow)
                    {
                        var change = Math.Abs(shift.Difference);
                        var className = rolling.ClassNames[shift.ClassIndex];
                        conditions.Add(new(AlertRules.ClassShareChange, cohortName, className, AlertSeverity.Warning, change, maxShare, change > maxShare, change <= maxShare * clear,
                            $"Model '{model}', cohort '{cohortName}': the share of class '{className}' moved from {Percent(shift.Reference)} to {Percent(shift.Current)} between the previous and the current {window} ({Points(shift.Difference)}, limit {Points(maxShare)})."));
                    }
                }

                if (options.MaxConfidenceZScore is { } maxZ && trend.ConfidenceVsPreviousWindow is { ZScore: { } z } confidence)
                {
                    var absZ = Math.Abs(z);
                    conditions.Add(new(AlertRules.ConfidenceShift, cohortName, null, AlertSeverity.Warning, absZ, maxZ, absZ > maxZ, absZ <= maxZ * clear,
                        $"Model '{model}', cohort '{cohortName}': mean confidence went from {confidence.Reference.ToString("0.000", CultureInfo.InvariantCulture)} to {confidence.Current.ToString("0.000", CultureInfo.InvariantCulture)} between the previous and the current {window}, {absZ.ToString("0.0", CultureInfo.InvariantCulture)} standard errors (limit {maxZ.ToString("0.0", CultureInfo.InvariantCulture)}); inputs or the model changed."));
                }
            }
        }

        if (snapshot.Drift is { } drift)
        {
            foreach (var column in drift.Columns)
            {
                if (options.DriftedColumn)
                {
                    var statistic = column.Statistic ?? 0;
                    var how = column.Method is { } method ? $"{method} statistic {statistic.ToString("G4", CultureInfo.InvariantCulture)}" : "test";
                    conditions.Add(new(AlertRules.DriftedColumn, null, column.Column, AlertSeverity.Warning, column.IsDrift ? 1 : 0, 1, column.IsDrift, !column.IsDrift,
                        $"Model '{model}': feature '{column.Column}' drifted from its reference ({how}; {column.Reason})."));
                }

                if (options.MaxMissingFractionIncrease is { } maxMissing)
                {
                    var rise = column.CurrentMissingFraction - column.ReferenceMissingFraction;
                    conditions.Add(new(AlertRules.MissingValues, null, column.Column, AlertSeverity.Warning, rise, maxMissing, rise > maxMissing, rise <= maxMissing * clear,
                        $"Model '{model}': feature '{column.Column}' is missing in {Percent(column.CurrentMissingFraction)} of current rows against {Percent(column.ReferenceMissingFraction)} in the reference ({Points(rise)}, limit {Points(maxMissing)})."));
                }
            }
        }

        EvaluateFeatures(snapshot, options, conditions);
    }

    /// <summary>The schema, missing-value and drift rules over each feature monitor's window; columns the dataset drift result already covers are left to it.</summary>
    private static void EvaluateFeatures(ModelSnapshot snapshot, AlertRuleOptions options, List<AlertCondition> conditions)
    {
        var model = snapshot.ModelName;
        var clear = options.ClearRatio;
        HashSet<string>? covered = null;
        foreach (var monitor in snapshot.Monitors.Values)
        {
            if (monitor is not FeatureSnapshot features)
            {
                continue;
            }

            covered ??= snapshot.Drift is { } d ? [.. d.Columns.Select(c => c.Column)] : [];
            var window = string.Create(CultureInfo.InvariantCulture, $"the window from {features.WindowStart:u} to {features.WindowEnd:u} ({features.RowCount} rows)");
            if (options.SchemaViolations)
            {
                foreach (var group in features.Violations.Where(v => v.Severity > ViolationSeverity.Info).GroupBy(v => v.Column))
                {
                    var severity = group.Any(v => v.Severity == ViolationSeverity.Error) ? AlertSeverity.Critical : AlertSeverity.Warning;
                    var count = group.Sum(v => v.Count);
                    var what = group.Key is { } column ? $"feature '{column}' breaks its schema" : "the feature rows break their schema";
                    conditions.Add(new(AlertRules.SchemaViolation, null, group.Key, severity, count, 0, true, false,
                        $"Model '{model}': {what} in {window}: {string.Join(" ", group.Select(v => v.Message))}"));
                }
            }

            foreach (var column in features.Columns)
            {
                if (options.MaxMissingFractionIncrease is { } maxMissing && column.ReferenceMissingFraction is { } reference
                    && column.RowCount >= options.MinRecordsToJudge && !covered.Contains(column.Column))
                {
                    var rise = column.MissingFraction - reference;
                    conditions.Add(new(AlertRules.MissingValues, null, column.Column, AlertSeverity.Warning, rise, maxMissing, rise > maxMissing, rise <= maxMissing * clear,
                        $"Model '{model}': feature '{column.Column}' is missing in {Percent(column.MissingFraction)} of rows in {window} against {Percent(reference)} in the reference ({Points(rise)}, limit {Points(maxMissing)})."));
                }
            }

            if (options.DriftedColumn)
            {
                foreach (var drift in features.Drift)
                {
                    if (covered.Contains(drift.Column))
                    {
                        continue;
                    }

                    var r = drift.Result;
                    var isDrift = r.Decision == Drift.SketchDecision.Drift;
                    conditions.Add(new(AlertRules.DriftedColumn, null, drift.Column, AlertSeverity.Warning, isDrift ? 1 : 0, 1, isDrift, r.Decision == Drift.SketchDecision.NoDrift,
                        string.Create(CultureInfo.InvariantCulture, $"Model '{model}': feature '{drift.Column}' drifted from its reference in {window} (sketch Kolmogorov-Smirnov statistic {r.Statistic:G4} ± {r.ErrorBound:G2}, p-value at most {r.PValueUpper:G3}, significance {r.Threshold:G3}).")));
                }
            }
        }
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Points(double fraction) => (100 * fraction).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " points";

    private static string Format(TimeSpan span) =>
        span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{span.TotalHours.ToString(CultureInfo.InvariantCulture)}-hour"
        : span.TotalMinutes >= 1 && span.TotalMinutes == Math.Floor(span.TotalMinutes) ? $"{span.TotalMinutes.ToString(CultureInfo.InvariantCulture)}-minute"
        : $"{span.TotalSeconds.ToString(CultureInfo.InvariantCulture)}-second";
}

/// <summary>Turns the all-time invalid and total counters into counts since the previous evaluation.</summary>
internal sealed class InvalidDelta
{
    private long _invalid;
    private long _total;

    public (long Invalid, long Total) Next(long invalid, long total)
    {
        var result = (invalid - _invalid, total - _total);
        _invalid = invalid;
        _total = total;
        return result;
    }
}
