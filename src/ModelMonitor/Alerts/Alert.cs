namespace ModelMonitor.Alerts;

/// <summary>How urgent an alert is.</summary>
public enum AlertSeverity
{
    /// <summary>Worth a look; a model's health stays Healthy.</summary>
    Information = 0,

    /// <summary>Something moved; a model's health becomes Degraded.</summary>
    Warning = 1,

    /// <summary>The model's output cannot be trusted; its health becomes Unhealthy.</summary>
    Critical = 2,
}

/// <summary>Whether an alert starts or ends.</summary>
public enum AlertState
{
    /// <summary>The condition crossed its limit.</summary>
    Raised = 0,

    /// <summary>The condition has stayed back within its limit (with hysteresis) for the configured evaluations.</summary>
    Resolved = 1,
}

/// <summary>The names of the built-in alert rules, as they appear in <see cref="Alert.Rule"/>.</summary>
public static class AlertRules
{
    /// <summary>A feature column drifted in the latest drift result.</summary>
    public const string DriftedColumn = "drifted-column";

    /// <summary>A predicted class's share moved between the previous and the current time window.</summary>
    public const string ClassShareChange = "class-share-change";

    /// <summary>The mean confidence of the current window is far (in standard errors) from the previous window's.</summary>
    public const string ConfidenceShift = "confidence-shift";

    /// <summary>Too many records failed validation (wrong score count, non-finite score, out-of-range class): the caller's records no longer match the model's schema.</summary>
    public const string InvalidRecords = "invalid-records";

    /// <summary>A feature column's missing fraction rose above its reference fraction.</summary>
    public const string MissingValues = "missing-values";

    /// <summary>A feature column broke its schema in a feature monitor's window: dropped, another type, values outside its domain or range, too many missing.</summary>
    public const string SchemaViolation = "schema-violation";

    /// <summary>The current time window holds too few records: traffic stopped or the caller stopped observing.</summary>
    public const string TooFewRecords = "too-few-records";
}

/// <summary>One alert, raised or resolved: what crossed which limit, where and when, and a sentence for a person.</summary>
public sealed record Alert
{
    /// <summary>Gets the model's name.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the cohort, or <see langword="null"/> when the rule is about the whole model.</summary>
    public string? Cohort { get; init; }

    /// <summary>Gets the feature column, or <see langword="null"/> when the rule is not about a column.</summary>
    public string? Column { get; init; }

    /// <summary>Gets the rule's name (see <see cref="AlertRules"/>).</summary>
    public required string Rule { get; init; }

    /// <summary>Gets the severity.</summary>
    public required AlertSeverity Severity { get; init; }

    /// <summary>Gets whether the alert starts or ends.</summary>
    public required AlertState State { get; init; }

    /// <summary>Gets the value the rule measured.</summary>
    public required double Value { get; init; }

    /// <summary>Gets the limit the value was compared with.</summary>
    public required double Threshold { get; init; }

    /// <summary>Gets when the alert was raised or resolved.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Gets a sentence that says what happened, in words a person on call understands.</summary>
    public required string Message { get; init; }
}

/// <summary>Receives alerts as they are raised and resolved: one method, as a log sink has.</summary>
/// <remarks>Called from the monitoring background service, one alert at a time; an exception is logged and does not stop other sinks.</remarks>
public interface IAlertSink
{
    /// <summary>Delivers one alert.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the alert is delivered.</returns>
    ValueTask SendAsync(Alert alert, CancellationToken cancellationToken);
}

/// <summary>The alerts active now, per model: what health checks and the <c>modelmonitor.alerts.active</c> gauge read.</summary>
public interface IAlertState
{
    /// <summary>Gets the alerts of a model that are raised and not yet resolved.</summary>
    /// <param name="modelName">The model's name.</param>
    /// <returns>The active alerts (their latest values), ordered by severity, most severe first.</returns>
    IReadOnlyList<Alert> ActiveAlerts(string modelName);
}
