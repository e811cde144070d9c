using Microsoft.Extensions.Options;
using ModelMonitor.DependencyInjection;

namespace ModelMonitor.Alerts;

/// <summary>
/// Evaluates the rules on each published snapshot and decides what is raised and resolved:
/// an alert resolves only after its value has stayed within its limit by the hysteresis
/// margin for the configured evaluations, and once raised it cannot be raised again before
/// the cool-down has passed, so a flapping value sends one alert, not a storm.
/// </summary>
/// <remarks>Thread-safe: evaluations of one model are serialised.</remarks>
internal sealed class AlertEvaluator : IAlertState
{
    private readonly IOptionsMonitor<ModelMonitorOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<string, ModelAlerts> _models = new(StringComparer.Ordinal);

    public AlertEvaluator(IOptionsMonitor<ModelMonitorOptions> options, TimeProvider timeProvider, DefaultModelMonitorRegistry registry)
    {
        _options = options;
        _timeProvider = timeProvider;
        registry.Metrics.Alerts = this;
    }

    /// <summary>Evaluates one model's snapshot.</summary>
    /// <returns>The alerts raised or resolved by this evaluation.</returns>
    public IReadOnlyList<Alert> Evaluate(ModelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var options = _options.Get(snapshot.ModelName).Alerts;
        var model = GetModel(snapshot.ModelName);
        lock (model)
        {
            var now = _timeProvider.GetUtcNow();
            model.Conditions.Clear();
            AlertConditions.Evaluate(snapshot, options, model.InvalidDelta, model.Conditions);
            List<Alert> transitions = [];
            var seen = new HashSet<(string, string?, string?)>();
            foreach (var condition in model.Conditions)
            {
                var key = (condition.Rule, condition.Cohort, condition.Column);
                seen.Add(key);
                if (!model.States.TryGetValue(key, out var state))
                {
                    state = new KeyState();
                    model.States[key] = state;
                }

                Step(snapshot.ModelName, state, condition, options, now, transitions);
            }

            // A cohort or column that vanished from the snapshot counts as clear.
            foreach (var (key, state) in model.States)
            {
                if (!seen.Contains(key) && state.Active is { } active)
                {
                    var vanished = new AlertCondition(active.Rule, active.Cohort, active.Column, active.Severity, active.Value, active.Threshold, false, true, active.Message);
                    Step(snapshot.ModelName, state, vanished, options, now, transitions);
                }
            }

            return transitions;
        }
    }

    public IReadOnlyList<Alert> ActiveAlerts(string modelName)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ModelAlerts? model;
        lock (_models)
        {
            if (!_models.TryGetValue(modelName, out model))
            {
                return [];
            }
        }

        lock (model)
        {
            return [.. model.States.Values.Where(s => s.Active is not null).Select(s => s.Active!).OrderByDescending(a => a.Severity).ThenBy(a => a.Rule, StringComparer.Ordinal)];
        }
    }

    private static void Step(string modelName, KeyState state, AlertCondition condition, AlertRuleOptions options, DateTimeOffset now, List<Alert> transitions)
    {
        if (condition.Breached)
        {
            state.ClearStreak = 0;
            var alert = ToAlert(modelName, condition, AlertState.Raised, state.Active?.Time ?? now);
            if (state.Active is not null)
            {
                state.Active = alert;
                return;
            }

            if (state.LastRaised is { } last && now - last < options.CoolDown)
            {
                return;
            }

            state.Active = alert;
            state.LastRaised = now;
            transitions.Add(alert);
            return;
        }

        if (state.Active is null)
        {
            return;
        }

        state.ClearStreak = condition.Clear ? state.ClearStreak + 1 : 0;
        if (state.ClearStreak >= options.ClearAfterEvaluations)
        {
            var resolved = ToAlert(modelName, condition, AlertState.Resolved, now) with
            {
                Severity = state.Active.Severity,
                Message = $"Resolved: {condition.Message}",
            };
            state.Active = null;
            state.ClearStreak = 0;
            transitions.Add(resolved);
        }
    }

    internal static Alert ToAlert(string modelName, AlertCondition c, AlertState state, DateTimeOffset time) => new()
    {
        Model = modelName,
        Cohort = c.Cohort,
        Column = c.Column,
        Rule = c.Rule,
        Severity = c.Severity,
        State = state,
        Value = c.Value,
        Threshold = c.Threshold,
        Time = time,
        Message = c.Message,
    };

    private ModelAlerts GetModel(string name)
    {
        lock (_models)
        {
            if (!_models.TryGetValue(name, out var model))
            {
                model = new ModelAlerts();
                _models[name] = model;
            }

            return model;
        }
    }

    private sealed class ModelAlerts
    {
        public Dictionary<(string Rule, string? Cohort, string? Column), KeyState> States { get; } = [];

        public InvalidDelta InvalidDelta { get; } = new();

        public List<AlertCondition> Conditions { get; } = [];
    }

    private sealed class KeyState
    {
        public Alert? Active { get; set; }

        public DateTimeOffset? LastRaised { get; set; }

        public int ClearStreak { get; set; }
    }
}
