namespace ModelMonitor.Explanations;

/// <summary>A model seen from outside: class probabilities for a batch of inputs, in one call.</summary>
/// <typeparam name="TInput">The model's input (a sentence, a row of features, ...).</typeparam>
/// <remarks>
/// Explainers and robustness checks need thousands of predictions; passing them in batches lets a
/// model amortise its set-up (ML.NET builds one data view per batch, for instance). Implementations
/// need not be thread-safe: callers make one call at a time.
/// </remarks>
public interface IBatchPredictor<TInput>
{
    /// <summary>Gets the number of classes, at least 2; a binary model has 2 (P(class 0), P(class 1)).</summary>
    int ClassCount { get; }

    /// <summary>Predicts the class probabilities of every input.</summary>
    /// <param name="inputs">The inputs.</param>
    /// <param name="probabilities">Row-major output, <see cref="ClassCount"/> per input, by class index.</param>
    void Predict(IReadOnlyList<TInput> inputs, Span<float> probabilities);
}

/// <summary>Adapts a function to <see cref="IBatchPredictor{TInput}"/>.</summary>
/// <typeparam name="TInput">The model's input.</typeparam>
/// <param name="classCount">The number of classes, at least 2.</param>
/// <param name="predict">Returns one array of class probabilities per input.</param>
public sealed class DelegateBatchPredictor<TInput>(int classCount, Func<IReadOnlyList<TInput>, IReadOnlyList<float[]>> predict) : IBatchPredictor<TInput>
{
    private readonly Func<IReadOnlyList<TInput>, IReadOnlyList<float[]>> _predict = predict ?? throw new ArgumentNullException(nameof(predict));

    /// <inheritdoc />
    public int ClassCount { get; } = classCount >= 2 ? classCount : throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "A classifier has at least 2 classes.");

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The function returned the wrong number of rows or of classes.</exception>
    public void Predict(IReadOnlyList<TInput> inputs, Span<float> probabilities)
    {
        var rows = _predict(inputs);
        if (rows.Count != inputs.Count)
        {
            throw new InvalidOperationException($"The predictor returned {rows.Count} rows for {inputs.Count} inputs.");
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != ClassCount)
            {
                throw new InvalidOperationException($"The predictor returned {rows[i].Length} probabilities for input {i}; the model has {ClassCount} classes.");
            }

            rows[i].CopyTo(probabilities.Slice(i * ClassCount, ClassCount));
        }
    }
}
