using ModelMonitor.DependencyInjection;

namespace ModelMonitor.Alerts;

/// <summary>
/// Reads the built-in alert rules off one snapshot, for batch jobs and reports. A running service uses
/// its evaluator instead, which adds hysteresis and cool-down across evaluations; here every breached rule
/// is an alert, stamped with the snapshot's time.
/// </summary>
public static class SnapshotAlerts
{
    /// <summary>Evaluates the rules once.</summary>
    /// <param name="snapshot">The model's snapshot.</param>
    /// <param name="options">The rules' limits, or <see langword="null"/> for the defaults.</param>
    /// <returns>The breached rules as raised alerts, most severe first.</returns>
    public static IReadOnlyList<Alert> Evaluate(ModelSnapshot snapshot, AlertRuleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        List<AlertCondition> conditions = [];
        AlertConditions.Evaluate(snapshot, options ?? new AlertRuleOptions(), new InvalidDelta(), conditions);
        return [.. conditions
            .Where(c => c.Breached)
            .Select(c => AlertEvaluator.ToAlert(snapshot.ModelName, c, AlertState.Raised, snapshot.AsOf))
            .OrderByDescending(a => a.Severity)
            .ThenBy(a => a.Rule, StringComparer.Ordinal)
            .ThenBy(a => a.Cohort, StringComparer.Ordinal)
            .ThenBy(a => a.Column, StringComparer.Ordinal)];
    }
}
