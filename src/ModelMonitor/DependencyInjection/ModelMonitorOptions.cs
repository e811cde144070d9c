using ModelMonitor.Drift;
using ModelMonitor.Rolling;
using ModelMonitor.Tagging;

namespace ModelMonitor.DependencyInjection;

/// <summary>
/// Configures the monitors of one model, registered by name with
/// <see cref="ModelMonitoringBuilderExtensions.AddModel(IModelMonitoringBuilder, string, Action{ModelMonitorOptions})"/>
/// and read through <c>IOptionsMonitor&lt;ModelMonitorOptions&gt;.Get(modelName)</c>.
/// </summary>
/// <remarks>Options are read once, when the model's monitors are created; later changes do not resize live windows.</remarks>
public sealed class ModelMonitorOptions
{
    /// <summary>Gets or sets the number of classes the model predicts; it overrides <see cref="RollingStatisticsOptions.ClassCount"/> in <see cref="Rolling"/>.</summary>
    /// <value>The default value is 2.</value>
    public int ClassCount { get; set; } = 2;

    /// <summary>Gets or sets display names of the classes, one per class; they label metrics and alerts.</summary>
    /// <value>The default value is <see langword="null"/>: class indices are used.</value>
    public IList<string>? ClassNames { get; set; }

    /// <summary>Gets or sets the rolling statistics' windows, quantiles and cohort cap. Its class count and names are taken from this model's.</summary>
    public RollingStatisticsOptions Rolling { get; set; } = new();

    /// <summary>Gets or sets the streaming sample selectors (what to send for labelling); none by default.</summary>
    public IList<TaggingSelectorOptions> Tagging { get; set; } = [];

    /// <summary>
    /// Gets or sets a file of per-class thresholds written by
    /// <see cref="Serialization.ModelMonitorJson.Serialize(Thresholds.CalibratedThresholds)"/>; the
    /// near-threshold and below-threshold selectors use them.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? ThresholdsFile { get; set; }

    /// <summary>Gets or sets the decision threshold of a binary model on the probability of class 1, used by threshold selectors when <see cref="ThresholdsFile"/> is unset.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public double? DecisionThreshold { get; set; }

    /// <summary>Gets or sets how feature drift is tested when the application reports reference and current columns.</summary>
    public ModelDriftOptions Drift { get; set; } = new();

    /// <summary>Gets or sets the alert rules' limits for this model.</summary>
    public AlertRuleOptions Alerts { get; set; } = new();
}

/// <summary>One streaming sample selector of a model.</summary>
public sealed class TaggingSelectorOptions
{
    /// <summary>Gets or sets what the selector keeps.</summary>
    /// <value>The default value is <see cref="TaggingCriterion.LeastConfident"/>.</value>
    public TaggingCriterion Criterion { get; set; } = TaggingCriterion.LeastConfident;

    /// <summary>Gets or sets the most samples kept.</summary>
    /// <value>The default value is 100.</value>
    public int Budget { get; set; } = 100;

    /// <summary>Gets or sets the monitor's name; the criterion's default name when unset.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Name { get; set; }

    /// <summary>Gets or sets the largest distance from a threshold that <see cref="TaggingCriterion.NearThreshold"/> accepts.</summary>
    /// <value>The default value is 0.05.</value>
    public double Delta { get; set; } = 0.05;

    /// <summary>Gets or sets the seed of <see cref="TaggingCriterion.Random"/>.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }
}

/// <summary>How a model's feature drift is tested (see <see cref="DriftDetectorOptions"/>, which these settings fill in).</summary>
public sealed class ModelDriftOptions
{
    /// <summary>Gets or sets the test for numeric columns by <see cref="DriftMethod"/> name (case-insensitive), for instance <c>KolmogorovSmirnov</c>; chosen by sample size when unset.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? NumericTest { get; set; }

    /// <summary>Gets or sets the test for categorical columns by <see cref="DriftMethod"/> name (case-insensitive); chosen by sample size when unset.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? CategoricalTest { get; set; }

    /// <summary>Gets or sets the significance level of p-value tests.</summary>
    /// <value>The default value is 0.05.</value>
    public double Significance { get; set; } = DriftTestResult.DefaultSignificance;

    /// <summary>Gets or sets the share of drifted columns above which the dataset counts as drifted.</summary>
    /// <value>The default value is 0.5.</value>
    public double DriftShare { get; set; } = 0.5;

    /// <summary>Builds the detector options these settings describe.</summary>
    /// <returns>Validated detector options.</returns>
    /// <exception cref="ArgumentException">A test name is unknown or cannot test its kind of column, or a value is out of range.</exception>
    public DriftDetectorOptions ToDetectorOptions()
    {
        var options = new DriftDetectorOptions
        {
            Significance = Significance,
            DriftShare = DriftShare,
            NumericMethod = ParseMethod(NumericTest, nameof(NumericTest)),
            CategoricalMethod = ParseMethod(CategoricalTest, nameof(CategoricalTest)),
        };
        options.Validate();
        return options;
    }

    private static DriftMethod? ParseMethod(string? name, string option)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        if (!Enum.TryParse<DriftMethod>(name, ignoreCase: true, out var method) || !Enum.IsDefined(method) || int.TryParse(name, out _))
        {
            throw new ArgumentException($"{option} is '{name}', which is not a drift test; use one of {string.Join(", ", Enum.GetNames<DriftMethod>())}.", option);
        }

        return method;
    }
}

/// <summary>The limits of a model's alert rules; a <see langword="null"/> limit turns its rule off.</summary>
public sealed class AlertRuleOptions
{
    /// <summary>Gets or sets a value indicating whether a drifted feature column raises an alert.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool DriftedColumn { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether a feature column that breaks its schema (in a <see cref="Features.FeatureMonitor"/>'s window) raises an alert: Critical for errors, Warning for warnings.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool SchemaViolations { get; set; } = true;

    /// <summary>Gets or sets the largest accepted change of a predicted class's share between the previous and the current time window, as a fraction (0.05 = 5 points).</summary>
    /// <value>The default value is 0.1.</value>
    public double? MaxClassShareChange { get; set; } = 0.1;

    /// <summary>Gets or sets the largest accepted |z-score| of the current window's mean confidence against the previous window's.</summary>
    /// <value>The default value is 4.</value>
    public double? MaxConfidenceZScore { get; set; } = 4;

    /// <summary>Gets or sets the largest accepted fraction of invalid records (wrong score count, non-finite score, out-of-range class, ...) among those observed since the previous evaluation.</summary>
    /// <value>The default value is 0.01.</value>
    public double? MaxInvalidFraction { get; set; } = 0.01;

    /// <summary>Gets or sets the largest accepted rise of a feature column's missing fraction over its reference fraction.</summary>
    /// <value>The default value is 0.1.</value>
    public double? MaxMissingFractionIncrease { get; set; } = 0.1;

    /// <summary>Gets or sets the fewest records the current time window should hold, over all cohorts.</summary>
    /// <value>The default value is <see langword="null"/> (off).</value>
    public long? MinRecordsPerWindow { get; set; }

    /// <summary>Gets or sets the fewest records a window must hold before the class-share and confidence rules judge it (small windows are noise).</summary>
    /// <value>The default value is 50.</value>
    public long MinRecordsToJudge { get; set; } = 50;

    /// <summary>Gets or sets the fraction of its limit a value must fall below before an active alert resolves (hysteresis).</summary>
    /// <value>The default value is 0.8.</value>
    public double ClearRatio { get; set; } = 0.8;

    /// <summary>Gets or sets how many evaluations in a row must be clear before an active alert resolves.</summary>
    /// <value>The default value is 2.</value>
    public int ClearAfterEvaluations { get; set; } = 2;

    /// <summary>Gets or sets how long after an alert is raised the same alert (model, rule, cohort, column) cannot be raised again.</summary>
    /// <value>The default value is 15 minutes.</value>
    public TimeSpan CoolDown { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Settings shared by every model: how often snapshots are published and rules evaluated, and metric cardinality caps.</summary>
public sealed class ModelMonitoringOptions
{
    /// <summary>Gets or sets how often the background service publishes snapshots and evaluates alert rules.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the most cohorts per model reported with a <c>cohort</c> metric tag (the largest by count; the merged <c>(all)</c> view always).</summary>
    /// <value>The default value is 20.</value>
    public int MaxMetricCohorts { get; set; } = 20;

    /// <summary>Gets or sets the most classes per model reported with a <c>class</c> metric tag.</summary>
    /// <value>The default value is 20.</value>
    public int MaxMetricClasses { get; set; } = 20;

    /// <summary>Gets or sets the most feature columns per model reported with a <c>column</c> metric tag.</summary>
    /// <value>The default value is 50.</value>
    public int MaxMetricColumns { get; set; } = 50;
}
