using Microsoft.ML;
using Microsoft.ML.Data;
using ModelMonitor.Explanations;

namespace ModelMonitor.MLNet;

/// <summary>
/// An ML.NET text classifier as an <see cref="IBatchPredictor{TInput}"/> of strings, for
/// <see cref="LimeTextExplainer"/> and <c>RobustnessChecker</c>: each batch becomes one data view,
/// transformed once and read with one cursor.
/// </summary>
/// <remarks>
/// A binary model is read from its <c>Probability</c> column (<see cref="float"/>) as
/// (1 - p, p); a multi-class model from its <c>Score</c> vector. The text goes in a single
/// <see cref="string"/> column named by the caller. Not thread-safe (one call at a time), as the
/// interface allows.
/// </remarks>
public sealed class TextModelPredictor : IBatchPredictor<string>
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly SchemaDefinition _schema;
    private readonly string _outputColumn;
    private readonly bool _binary;

    /// <summary>Wraps a trained model.</summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="model">The trained model (featurization and trainer).</param>
    /// <param name="textColumn">The name of the model's text input column.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The model's output has neither a <see cref="float"/> <c>Probability</c> column nor a known-size <see cref="float"/> vector <c>Score</c> column.</exception>
    public TextModelPredictor(MLContext ml, ITransformer model, string textColumn = "Text")
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(textColumn);
        _ml = ml;
        _model = model;
        _schema = SchemaDefinition.Create(typeof(TextRow));
        _schema[0].ColumnName = textColumn;
        var output = model.GetOutputSchema(ml.Data.LoadFromEnumerable(Array.Empty<TextRow>(), _schema).Schema);
        if (output.GetColumnOrNull(ScoredDataViewReader.ProbabilityColumnName) is { } p && p.Type.Equals(NumberDataViewType.Single))
        {
            _binary = true;
            _outputColumn = p.Name;
            ClassCount = 2;
        }
        else if (output.GetColumnOrNull(HoldoutDataViewReader.ScoreColumnName) is { Type: VectorDataViewType { IsKnownSize: true, Size: >= 2 } v } s
            && v.ItemType.Equals(NumberDataViewType.Single))
        {
            _outputColumn = s.Name;
            ClassCount = v.Size;
        }
        else
        {
            throw new ArgumentException(
                "The model's output has neither a Single 'Probability' column (binary) nor a known-size Single vector 'Score' column (multi-class).",
                nameof(model));
        }
    }

    /// <inheritdoc />
    public int ClassCount { get; }

    /// <inheritdoc />
    public void Predict(IReadOnlyList<string> inputs, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var rows = new TextRow[inputs.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new TextRow { Text = inputs[i] };
        }

        var scored = _model.Transform(_ml.Data.LoadFromEnumerable(rows, _schema));
        var row = ScoredProbabilities.Read(scored, _outputColumn, _binary, ClassCount, probabilities);
        if (row != inputs.Count)
        {
            // A model that filters rows would misalign every probability after the first dropped row.
            throw new InvalidOperationException($"The model returned {row} rows for {inputs.Count} texts; a predictor's model must not filter rows.");
        }
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = string.Empty;
    }
}
