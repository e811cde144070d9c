using Microsoft.Extensions.Options;
using ModelMonitor.Serialization;
using ModelMonitor.Tagging;

namespace ModelMonitor.DependencyInjection;

/// <summary>Validates each registered model's options; every failure names the model and the option.</summary>
internal sealed class ModelMonitorOptionsValidator(ModelRegistrations registrations) : IValidateOptions<ModelMonitorOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelMonitorOptions options)
    {
        if (name is null || !registrations.Contains(name))
        {
            return ValidateOptionsResult.Skip;
        }

        List<string> failures = [];
        void Fail(string option, string problem) => failures.Add($"Model '{name}', option {option}: {problem}");

        if (options.ClassCount is < 2 or > Rolling.RollingStatisticsOptions.MaxClassCount)
        {
            Fail(nameof(options.ClassCount), $"ClassCount is {options.ClassCount}; it must lie in [2, {Rolling.RollingStatisticsOptions.MaxClassCount}].");
        }
        else if (options.Rolling is null)
        {
            Fail(nameof(options.Rolling), "Rolling is null.");
        }
        else
        {
            Check(nameof(options.Rolling), () => DefaultModelMonitor.RollingOptions(options).Validate(), Fail);
        }

        if (options.Drift is null)
        {
            Fail(nameof(options.Drift), "Drift is null.");
        }
        else
        {
            Check(nameof(options.Drift), () => options.Drift.ToDetectorOptions(), Fail);
        }

        ValidateTagging(options, Fail);
        ValidateAlerts(options.Alerts, Fail);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateTagging(ModelMonitorOptions options, Action<string, string> fail)
    {
        if (options.Tagging is null)
        {
            fail(nameof(options.Tagging), "Tagging is null; use an empty list for none.");
            return;
        }

        if (options.DecisionThreshold is { } t && !(t >= 0 && t <= 1))
        {
            fail(nameof(options.DecisionThreshold), $"DecisionThreshold is {t}; it must lie in [0, 1].");
        }

        if (options.DecisionThreshold is not null && options.ClassCount != 2)
        {
            fail(nameof(options.DecisionThreshold), $"DecisionThreshold is for binary models; this one has {options.ClassCount} classes. Use ThresholdsFile.");
        }

        if (options.ThresholdsFile is { } path)
        {
            try
            {
                var thresholds = ModelMonitorJson.DeserializeThresholds(File.ReadAllText(path));
                if (thresholds.Classes.Count != options.ClassCount)
                {
                    fail(nameof(options.ThresholdsFile), $"'{path}' holds {thresholds.Classes.Count} class thresholds; the model has {options.ClassCount} classes.");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or ArgumentException or NotSupportedException)
            {
                fail(nameof(options.ThresholdsFile), $"'{path}' cannot be read as calibrated thresholds: {e.Message}");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal) { "rolling-statistics" };
        for (var i = 0; i < options.Tagging.Count; i++)
        {
            var s = options.Tagging[i];
            var option = $"Tagging[{i}]";
            if (s is null)
            {
                fail(option, "the selector is null.");
                continue;
            }

            if (!Enum.IsDefined(s.Criterion))
            {
                fail($"{option}.Criterion", $"Criterion is {s.Criterion}, which is not a tagging criterion.");
            }

            if (s.Budget < 1)
            {
                fail($"{option}.Budget", $"Budget is {s.Budget}; a selector keeps at least 1 sample.");
            }

            if (!(s.Delta >= 0) || double.IsPositiveInfinity(s.Delta))
            {
                fail($"{option}.Delta", $"Delta is {s.Delta}; it must be finite and at least 0.");
            }

            if (s.Criterion is TaggingCriterion.NearThreshold or TaggingCriterion.BelowThresholdButCorrect
                && options.ThresholdsFile is null && options.DecisionThreshold is null)
            {
                fail($"{option}.Criterion", $"{s.Criterion} needs thresholds: set ThresholdsFile or, for a binary model, DecisionThreshold.");
            }

            var monitorName = s.Name ?? DefaultName(s.Criterion);
            if (!names.Add(monitorName))
            {
                fail($"{option}.Name", $"two monitors are named '{monitorName}'; give each selector a distinct Name.");
            }
        }
    }

    private static void ValidateAlerts(AlertRuleOptions? alerts, Action<string, string> fail)
    {
        if (alerts is null)
        {
            fail("Alerts", "Alerts is null.");
            return;
        }

        static bool Positive(double? v) => v is null || (v > 0 && double.IsFinite(v.Value));
        if (!Positive(alerts.MaxClassShareChange) || alerts.MaxClassShareChange > 1)
        {
            fail("Alerts.MaxClassShareChange", $"MaxClassShareChange is {alerts.MaxClassShareChange}; it must lie in (0, 1].");
        }

        if (!Positive(alerts.MaxConfidenceZScore))
        {
            fail("Alerts.MaxConfidenceZScore", $"MaxConfidenceZScore is {alerts.MaxConfidenceZScore}; it must be positive.");
        }

        if (!Positive(alerts.MaxInvalidFraction) || alerts.MaxInvalidFraction > 1)
        {
            fail("Alerts.MaxInvalidFraction", $"MaxInvalidFraction is {alerts.MaxInvalidFraction}; it must lie in (0, 1].");
        }

        if (!Positive(alerts.MaxMissingFractionIncrease) || alerts.MaxMissingFractionIncrease > 1)
        {
            fail("Alerts.MaxMissingFractionIncrease", $"MaxMissingFractionIncrease is {alerts.MaxMissingFractionIncrease}; it must lie in (0, 1].");
        }

        if (alerts.MinRecordsPerWindow is < 1)
        {
            fail("Alerts.MinRecordsPerWindow", $"MinRecordsPerWindow is {alerts.MinRecordsPerWindow}; it must be at least 1, or unset to turn the rule off.");
        }

        if (alerts.MinRecordsToJudge < 1)
        {
            fail("Alerts.MinRecordsToJudge", $"MinRecordsToJudge is {alerts.MinRecordsToJudge}; it must be at least 1.");
        }

        if (!(alerts.ClearRatio > 0 && alerts.ClearRatio <= 1))
        {
            fail("Alerts.ClearRatio", $"ClearRatio is {alerts.ClearRatio}; it must lie in (0, 1].");
        }

        if (alerts.ClearAfterEvaluations < 1)
        {
            fail("Alerts.ClearAfterEvaluations", $"ClearAfterEvaluations is {alerts.ClearAfterEvaluations}; it must be at least 1.");
        }

        if (alerts.CoolDown < TimeSpan.Zero)
        {
            fail("Alerts.CoolDown", $"CoolDown is {alerts.CoolDown}; it must not be negative.");
        }
    }

    private static void Check(string option, Action validate, Action<string, string> fail)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            // The inner validators name the option in their message; drop ArgumentException's " (Parameter 'x')" tail.
            var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
            fail(option, message);
        }
    }

    internal static string DefaultName(TaggingCriterion criterion) => criterion switch
    {
        TaggingCriterion.LeastConfident => "least-confident",
        TaggingCriterion.SmallestMargin => "smallest-margin",
        TaggingCriterion.HighestEntropy => "highest-entropy",
        TaggingCriterion.HighConfidence => "high-confidence",
        TaggingCriterion.NearThreshold => "near-threshold",
        TaggingCriterion.BelowThresholdButCorrect => "below-threshold-correct",
        _ => "random",
    };
}

/// <summary>Validates the settings shared by every model.</summary>
internal sealed class ModelMonitoringOptionsValidator : IValidateOptions<ModelMonitoringOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelMonitoringOptions options)
    {
        List<string> failures = [];
        if (options.EvaluationInterval <= TimeSpan.Zero)
        {
            failures.Add($"Model monitoring option EvaluationInterval is {options.EvaluationInterval}; it must be positive.");
        }

        if (options.MaxMetricCohorts < 0 || options.MaxMetricClasses < 0 || options.MaxMetricColumns < 0)
        {
            failures.Add("Model monitoring options MaxMetricCohorts, MaxMetricClasses and MaxMetricColumns must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>The names of the models registered with <see cref="ModelMonitoringBuilderExtensions.AddModel(IModelMonitoringBuilder, string, Action{ModelMonitorOptions})"/>, in order.</summary>
internal sealed class ModelRegistrations
{
    private readonly List<string> _names = [];
    private readonly object _gate = new();

    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_gate)
            {
                return [.. _names];
            }
        }
    }

    public bool Add(string name)
    {
        lock (_gate)
        {
            if (_names.Contains(name, StringComparer.Ordinal))
            {
                return false;
            }

            _names.Add(name);
            return true;
        }
    }

    public bool Contains(string name)
    {
        lock (_gate)
        {
            return _names.Contains(name, StringComparer.Ordinal);
        }
    }
}
