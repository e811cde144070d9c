namespace ModelMonitor.MLNet;

/// <summary>What a scored ML.NET view looks like: which columns hold scores, predictions, labels, cohorts and times.</summary>
public sealed class ScoredViewOptions
{
    /// <summary>Gets or sets the model's task; <see cref="ScoredViewKind.Auto"/> reads it off the score column's type.</summary>
    /// <value>The default value is <see cref="ScoredViewKind.Auto"/>.</value>
    public ScoredViewKind Kind { get; set; } = ScoredViewKind.Auto;

    /// <summary>Gets or sets the score column: a multi-class model's class scores (vector of <see cref="float"/>, one per class).</summary>
    /// <value>The default value is <c>Score</c>.</value>
    public string ScoreColumnName { get; set; } = "Score";

    /// <summary>Gets or sets a binary model's calibrated probability column (<see cref="float"/>).</summary>
    /// <value>The default value is <c>Probability</c>.</value>
    public string ProbabilityColumnName { get; set; } = "Probability";

    /// <summary>Gets or sets the predicted label column: <see cref="bool"/> for binary, a key for multi-class.</summary>
    /// <value>The default value is <c>PredictedLabel</c>.</value>
    public string PredictedLabelColumnName { get; set; } = "PredictedLabel";

    /// <summary>Gets or sets the true label column, read when the view has it: <see cref="bool"/> for binary, a key for multi-class; <see langword="null"/> to ignore labels.</summary>
    /// <value>The default value is <c>Label</c>.</value>
    public string? LabelColumnName { get; set; } = "Label";

    /// <summary>Gets or sets a text column that holds each row's cohort key; <see langword="null"/> for none.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? CohortColumnName { get; set; }

    /// <summary>Gets or sets a <see cref="DateTimeOffset"/> or <see cref="DateTime"/> (read as UTC) column that holds when each prediction was made; without it, records are stamped "now" by the monitor's clock.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? TimestampColumnName { get; set; }

    /// <summary>
    /// Gets or sets the feature columns read in the same pass and handed to the observer's
    /// <see cref="Features.IFeatureObserver.ObserveFeatures"/>, in the observer's
    /// <see cref="Features.IFeatureObserver.FeatureNames"/> order: numbers (<see cref="float"/>,
    /// <see cref="double"/>, <see cref="int"/>, <see cref="long"/>), text (categories) and
    /// <see cref="bool"/>. When <see langword="null"/>, the observer's feature names are read if it
    /// observes features, and none otherwise.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IList<string>? FeatureColumnNames { get; set; }
}

/// <summary>The task whose scored output a view holds.</summary>
public enum ScoredViewKind
{
    /// <summary>Multi-class when the score column is a vector, binary otherwise.</summary>
    Auto = 0,

    /// <summary>A binary classifier: <c>Probability</c> (<see cref="float"/>) and <c>PredictedLabel</c> (<see cref="bool"/>).</summary>
    Binary = 1,

    /// <summary>A multi-class classifier: <c>Score</c> (vector of <see cref="float"/>) and <c>PredictedLabel</c> (a key).</summary>
    Multiclass = 2,
}
