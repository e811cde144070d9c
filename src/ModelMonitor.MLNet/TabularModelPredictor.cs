using Microsoft.ML;
using Microsoft.ML.Data;
using ModelMonitor.Explanations;

namespace ModelMonitor.MLNet;

/// <summary>
/// An ML.NET classifier over rows of a user type as an <see cref="IBatchPredictor{TInput}"/>, for
/// <see cref="LimeTabularExplainer"/> and the robustness checks: each batch becomes one in-memory
/// data view, transformed once and read with one cursor (not one prediction engine call per row).
/// </summary>
/// <typeparam name="TRow">The model's input row, a class whose public properties are its input columns (as for <c>LoadFromEnumerable</c>).</typeparam>
/// <remarks>
/// A binary model is read from its <c>Probability</c> column (<see cref="float"/>) as (1 - p, p); a
/// multi-class model from its known-size <see cref="float"/> vector <c>Score</c> column. The model's
/// input and output columns are checked when the predictor is created. The tabular explainer
/// perturbs rows as <c>double[]</c> (one value per <see cref="TabularReference"/> column, category
/// codes for categorical ones): <see cref="ForFeatureVectors"/> adapts this predictor to it with a
/// function that builds a <typeparamref name="TRow"/> from such a vector. Not thread-safe (one call
/// at a time), as the interface allows.
/// </remarks>
public sealed class TabularModelPredictor<TRow> : IBatchPredictor<TRow>
    where TRow : class
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly SchemaDefinition? _schema;
    private readonly string _outputColumn;
    private readonly bool _binary;

    /// <summary>Wraps a trained model.</summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="model">The trained model (featurization and trainer).</param>
    /// <param name="schema">How <typeparamref name="TRow"/> maps to columns; the properties' names and types when null.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// The model cannot read <typeparamref name="TRow"/> (a missing input column or one of the wrong
    /// type, named in the message), or its output has neither a <see cref="float"/> <c>Probability</c>
    /// column nor a known-size <see cref="float"/> vector <c>Score</c> column of at least two classes.
    /// </exception>
    public TabularModelPredictor(MLContext ml, ITransformer model, SchemaDefinition? schema = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(model);
        _ml = ml;
        _model = model;
        _schema = schema;
        var input = ml.Data.LoadFromEnumerable(Array.Empty<TRow>(), schema).Schema;
        DataViewSchema output;
        try
        {
            output = model.GetOutputSchema(input);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // ML.NET names the input column it could not find or read; the columns of TRow say what was offered.
            throw new ArgumentException(
                $"The model cannot read rows of {typeof(TRow).Name} (columns {ViewColumns.Describe(input)}): {e.Message}", nameof(model), e);
        }

        if (output.GetColumnOrNull(ScoredDataViewReader.ProbabilityColumnName) is { } probability)
        {
            _outputColumn = ViewColumns.Check(probability, "Single (float)", nameof(model), t => t.Equals(NumberDataViewType.Single)).Name;
            _binary = true;
            ClassCount = 2;
        }
        else
        {
            var score = ViewColumns.Require(
                output,
                HoldoutDataViewReader.ScoreColumnName,
                "a known-size vector of Single (float) with at least 2 classes, or a Single 'Probability' column for a binary model",
                nameof(model),
                t => t is VectorDataViewType { IsKnownSize: true, Size: >= 2 } v && v.ItemType.Equals(NumberDataViewType.Single));
            _outputColumn = score.Name;
            ClassCount = ((VectorDataViewType)score.Type).Size;
        }
    }

    /// <inheritdoc />
    public int ClassCount { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">An input row is null, or the span is too short.</exception>
    public void Predict(IReadOnlyList<TRow> inputs, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (probabilities.Length < inputs.Count * ClassCount)
        {
            throw new ArgumentException($"The output holds {probabilities.Length} values; {inputs.Count} rows of {ClassCount} classes need {inputs.Count * ClassCount}.", nameof(probabilities));
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i] is null)
            {
                throw new ArgumentException($"Input row {i} is null.", nameof(inputs));
            }
        }

        var scored = _model.Transform(_ml.Data.LoadFromEnumerable(inputs, _schema));
        var row = ScoredProbabilities.Read(scored, _outputColumn, _binary, ClassCount, probabilities);

        if (row != inputs.Count)
        {
            // A model that filters rows (a FilterByColumn left in the pipeline) would misalign every probability after the first dropped row.
            throw new InvalidOperationException($"The model returned {row} rows for {inputs.Count} inputs; a predictor's model must not filter rows.");
        }
    }

    /// <summary>
    /// This model as a predictor of the <c>double[]</c> rows <see cref="LimeTabularExplainer"/> perturbs.
    /// </summary>
    /// <param name="toRow">Builds the model's row from one value per reference column (category codes index <see cref="TabularFeature.Categories"/>).</param>
    /// <returns>The predictor; it builds every batch's rows, then scores them in one call.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="toRow"/> is null.</exception>
    public IBatchPredictor<double[]> ForFeatureVectors(Func<double[], TRow> toRow)
    {
        ArgumentNullException.ThrowIfNull(toRow);
        return new VectorPredictor(this, toRow);
    }

    private sealed class VectorPredictor(TabularModelPredictor<TRow> model, Func<double[], TRow> toRow) : IBatchPredictor<double[]>
    {
        public int ClassCount => model.ClassCount;

        public void Predict(IReadOnlyList<double[]> inputs, Span<float> probabilities)
        {
            ArgumentNullException.ThrowIfNull(inputs);
            var rows = new TRow[inputs.Count];
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = toRow(inputs[i]);
            }

            model.Predict(rows, probabilities);
        }
    }
}
