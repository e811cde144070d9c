using System.Buffers;

using ModelMonitor.Statistics;

namespace ModelMonitor.Thresholds;

/// <summary>
/// True and false positive counts at every distinct score of a holdout set, highest score first:
/// scikit-learn's <c>_binary_clf_curve</c> without sample weights.
/// </summary>
/// <remarks>
/// Built by one sort (O(n log n)) and one pass; every curve, summary and objective is read from it.
/// Index <c>k</c> means "predict positive when score &gt;= <c>Thresholds[k]</c>".
/// </remarks>
internal sealed class BinaryCounts
{
    private BinaryCounts(double[] thresholds, int[] truePositives, int[] falsePositives, int positives, int negatives)
    {
        Thresholds = thresholds;
        TruePositives = truePositives;
        FalsePositives = falsePositives;
        Positives = positives;
        Negatives = negatives;
    }

    /// <summary>The distinct scores, descending.</summary>
    public double[] Thresholds { get; }

    /// <summary>Positives with a score at or above each threshold.</summary>
    public int[] TruePositives { get; }

    /// <summary>Negatives with a score at or above each threshold.</summary>
    public int[] FalsePositives { get; }

    /// <summary>All positives of the holdout.</summary>
    public int Positives { get; }

    /// <summary>All negatives of the holdout.</summary>
    public int Negatives { get; }

    /// <summary>The number of holdout rows.</summary>
    public int Count => Positives + Negatives;

    /// <summary>Validates the holdout and counts it.</summary>
    /// <exception cref="ArgumentException">See <see cref="Validate"/>.</exception>
    /// <remarks>
    /// A probability in [0, 1] has its two top bits clear, so the score's bits shifted left by one with
    /// the label in the freed bit form one key whose unsigned order is the score's order: one radix
    /// sort of plain integers replaces a comparison sort of pairs.
    /// </remarks>
    public static BinaryCounts Compute(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        Validate(scores, labels);
        var n = scores.Length;
        // Pooled: bootstrap resampling and benchmarks compute counts over and over at the same size.
        var keys = ArrayPool<ulong>.Shared.Rent(n);
        var buffer = ArrayPool<ulong>.Shared.Rent(n);
        try
        {
            for (var i = 0; i < n; i++)
            {
                // Validation admits -0.0 (it is not below 0), whose sign bit would sort it last.
                var bits = scores[i] == 0 ? 0UL : (ulong)BitConverter.DoubleToInt64Bits(scores[i]);
                keys[i] = (bits << 1) | (labels[i] ? 1UL : 0UL);
            }

            return FromSorted(RadixSort.SortKeys(keys.AsSpan(0, n), buffer.AsSpan(0, n)));
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<ulong>.Shared.Return(buffer);
        }
    }

    private static BinaryCounts FromSorted(ReadOnlySpan<ulong> sorted)
    {
        var n = sorted.Length;
        var distinct = 1;
        for (var i = 1; i < n; i++)
        {
            distinct += (sorted[i] >> 1) != (sorted[i - 1] >> 1) ? 1 : 0;
        }

        var thresholds = GC.AllocateUninitializedArray<double>(distinct);
        var tps = GC.AllocateUninitializedArray<int>(distinct);
        var fps = GC.AllocateUninitializedArray<int>(distinct);
        int tp = 0, fp = 0, k = 0;
        for (var i = n - 1; i >= 0; i--)
        {
            var positive = (int)(sorted[i] & 1);
            tp += positive;
            fp += 1 - positive;
            var score = sorted[i] >> 1;
            if (i == 0 || (sorted[i - 1] >> 1) != score)
            {
                thresholds[k] = BitConverter.Int64BitsToDouble((long)score);
                tps[k] = tp;
                fps[k] = fp;
                k++;
            }
        }

        return new BinaryCounts(thresholds, tps, fps, tp, fp);
    }

    /// <summary>The guard clauses shared by every binary entry point.</summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="scores"/> is empty, holds NaN or a value outside [0, 1];
    /// <paramref name="labels"/> has another length or holds only one class.
    /// </exception>
    public static void Validate(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.IsEmpty)
        {
            throw new ArgumentException("The holdout is empty.", nameof(scores));
        }

        if (labels.Length != scores.Length)
        {
            throw new ArgumentException(
                $"There are {labels.Length} labels for {scores.Length} scores; they must pair up.", nameof(labels));
        }

        var positives = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];
            if (double.IsNaN(s))
            {
                throw new ArgumentException($"Score {i} is NaN.", nameof(scores));
            }

            if (s is < 0 or > 1)
            {
                throw new ArgumentException($"Score {i} is {s}, outside [0, 1]; scores must be probabilities.", nameof(scores));
            }

            if (labels[i])
            {
                positives++;
            }
        }

        if (positives == 0 || positives == scores.Length)
        {
            throw new ArgumentException(
                $"The labels hold only {(positives == 0 ? "negatives" : "positives")}; both classes are needed.", nameof(labels));
        }
    }
}
