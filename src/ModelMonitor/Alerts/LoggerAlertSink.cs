using Microsoft.Extensions.Logging;

namespace ModelMonitor.Alerts;

/// <summary>Writes alerts to <see cref="ILogger"/> with structured fields (Model, Cohort, Column, Rule, Severity, Value, Threshold, AlertTime).</summary>
internal sealed partial class LoggerAlertSink(ILogger<LoggerAlertSink> logger) : IAlertSink
{
    public ValueTask SendAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var level = alert.State == AlertState.Resolved ? LogLevel.Information : alert.Severity switch
        {
            AlertSeverity.Critical => LogLevel.Error,
            AlertSeverity.Warning => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        LogAlert(logger, level, alert.State, alert.Model, alert.Cohort, alert.Column, alert.Rule, alert.Severity, alert.Value, alert.Threshold, alert.Time, alert.Message);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 1, EventName = "ModelMonitorAlert", Message = "{Severity} alert {State} by rule {Rule} for model {Model} (cohort {Cohort}, column {Column}): value {Value}, threshold {Threshold}, at {AlertTime}. {AlertMessage}")]
    private static partial void LogAlert(
        ILogger logger, LogLevel level, AlertState state, string model, string? cohort, string? column, string rule, AlertSeverity severity, double value, double threshold, DateTimeOffset alertTime, string alertMessage);
}
