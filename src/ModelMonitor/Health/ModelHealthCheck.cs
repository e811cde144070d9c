using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModelMonitor.Alerts;
using ModelMonitor.DependencyInjection;

namespace ModelMonitor.Health;

/// <summary>
/// Reports one model's health from its active alerts: Unhealthy with a critical alert, Degraded
/// with a warning, Healthy otherwise. The data holds each active alert's message by
/// <c>rule[/cohort][/column]</c>.
/// </summary>
internal sealed class ModelHealthCheck(string modelName, IAlertState alerts, IModelMonitorRegistry registry) : IHealthCheck
{
    internal static string CheckName(string modelName) => $"modelmonitor:{modelName}";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var monitor = registry.GetMonitor(modelName);
        var active = alerts.ActiveAlerts(modelName);
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["model"] = modelName,
            ["observedRecords"] = monitor.ObservedRecords,
        };
        if (monitor.LatestSnapshot is { } snapshot)
        {
            data["snapshotAsOf"] = snapshot.AsOf;
        }

        foreach (var alert in active)
        {
            var key = alert.Rule + (alert.Cohort is null ? string.Empty : "/" + alert.Cohort) + (alert.Column is null ? string.Empty : "/" + alert.Column);
            data[key] = alert.Message;
        }

        var worst = active.Count == 0 ? (AlertSeverity?)null : active.Max(a => a.Severity);
        var result = worst switch
        {
            AlertSeverity.Critical => HealthCheckResult.Unhealthy($"Model '{modelName}': {Count(active, AlertSeverity.Critical)} critical alert(s): {active[0].Message}", data: data),
            AlertSeverity.Warning => HealthCheckResult.Degraded($"Model '{modelName}': {Count(active, AlertSeverity.Warning)} warning(s): {active[0].Message}", data: data),
            _ => HealthCheckResult.Healthy(monitor.LatestSnapshot is null ? $"Model '{modelName}': no snapshot evaluated yet." : $"Model '{modelName}': no active alerts.", data),
        };
        return Task.FromResult(result);
    }

    private static int Count(IReadOnlyList<Alert> alerts, AlertSeverity severity) => alerts.Count(a => a.Severity == severity);
}
