namespace ModelMonitor.Explanations;

/// <summary>What every caller of an <see cref="IBatchPredictor{TInput}"/> checks and reads in its output, in one place.</summary>
internal static class ModelOutput
{
    /// <summary>Throws when a probability is NaN or outside [0, 1], naming the class and the input.</summary>
    /// <param name="probabilities">Row-major probabilities, <paramref name="classCount"/> per input.</param>
    /// <param name="classCount">The number of classes.</param>
    /// <param name="inputName">What an input is called in the message ("perturbation", "sample", "input").</param>
    /// <exception cref="InvalidOperationException">A probability is out of range.</exception>
    public static void Validate(ReadOnlySpan<float> probabilities, int classCount, string inputName)
    {
        for (var i = 0; i < probabilities.Length; i++)
        {
            if (!(probabilities[i] >= 0 && probabilities[i] <= 1))
            {
                throw new InvalidOperationException(
                    $"The model returned probability {probabilities[i]} for class {i % classCount} of {inputName} {i / classCount}; probabilities must be in [0, 1].");
            }
        }
    }

    /// <summary>The index of the highest score; the lowest index on ties.</summary>
    public static int ArgMax(ReadOnlySpan<float> scores)
    {
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            best = scores[i] > scores[best] ? i : best;
        }

        return best;
    }

    /// <summary>The index of the highest score; the lowest index on ties.</summary>
    public static int ArgMax(ReadOnlySpan<double> scores)
    {
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            best = scores[i] > scores[best] ? i : best;
        }

        return best;
    }
}
