using System.Buffers;
using ModelMonitor.Statistics;

namespace ModelMonitor.Drift;

/// <summary>Prepares samples for the drift tests: NaN removed and counted, infinities and empty samples rejected.</summary>
internal static class DriftSample
{
    private const int RadixThreshold = 4096;

    // Above this many values in both samples, the two sorts run on two cores at once.
    private const int ParallelThreshold = 1 << 16;

    /// <summary>Copies the non-NaN values of both samples and sorts each ascending, both sorts at once when the samples are large.</summary>
    /// <exception cref="ArgumentException">A value is infinite, or a sample has no value left; the parameter is named.</exception>
    public static (double[] Reference, double[] Current) SortedCopies(
        ReadOnlySpan<double> reference,
        ReadOnlySpan<double> current,
        out int droppedReference,
        out int droppedCurrent)
    {
        var a = Copy(reference, nameof(reference), out droppedReference);
        var b = Copy(current, nameof(current), out droppedCurrent);
        if (a.Length >= ParallelThreshold && b.Length >= ParallelThreshold && Environment.ProcessorCount > 1)
        {
            Parallel.Invoke(() => Sort(a), () => Sort(b));
        }
        else
        {
            Sort(a);
            Sort(b);
        }

        return (a, b);
    }

    /// <summary>Copies the non-NaN values and sorts them ascending.</summary>
    /// <exception cref="ArgumentException">A value is infinite, or no value is left.</exception>
    public static double[] SortedCopy(ReadOnlySpan<double> values, string paramName, out int dropped)
    {
        var copy = Copy(values, paramName, out dropped);
        Sort(copy);
        return copy;
    }

    private static double[] Copy(ReadOnlySpan<double> values, string paramName, out int dropped)
    {
        dropped = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (double.IsNaN(v))
            {
                dropped++;
            }
            else if (double.IsInfinity(v))
            {
                throw new ArgumentException($"{paramName}[{i}] is {v}; drift tests need finite values (NaN is dropped and counted).", paramName);
            }
        }

        if (dropped == values.Length)
        {
            throw new ArgumentException(
                values.IsEmpty ? $"{paramName} is empty." : $"{paramName} holds only NaN ({dropped} values).",
                paramName);
        }

        var copy = new double[values.Length - dropped];
        if (dropped == 0)
        {
            values.CopyTo(copy);
        }
        else
        {
            var k = 0;
            foreach (var v in values)
            {
                if (!double.IsNaN(v))
                {
                    copy[k++] = v;
                }
            }
        }

        return copy;
    }

    /// <summary>Sorts finite values: radix passes for large arrays (no data-dependent branches), introsort for small ones.</summary>
    private static void Sort(double[] values)
    {
        if (values.Length < RadixThreshold)
        {
            Array.Sort(values);
            return;
        }

        var keys = ArrayPool<ulong>.Shared.Rent(values.Length);
        var buffer = ArrayPool<ulong>.Shared.Rent(values.Length);
        try
        {
            RadixSort.Sort(values, keys, buffer);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<ulong>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The merge walk every rank statistic takes over two sorted samples: advances both indices
    /// past the next distinct value (one tied block across both samples) and returns that value.
    /// </summary>
    public static double AdvancePastTiedBlock(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ref int i, ref int j)
    {
        var x = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
        while (i < a.Length && a[i] <= x)
        {
            i++;
        }

        while (j < b.Length && b[j] <= x)
        {
            j++;
        }

        return x;
    }

    public static void ThrowIfEmpty(ReadOnlySpan<double> values, string paramName)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException($"{paramName} is empty.", paramName);
        }
    }

    public static void ValidateSignificance(double significance, string paramName = "significance")
    {
        if (!(significance > 0 && significance < 1))
        {
            throw new ArgumentOutOfRangeException(paramName, significance, "A significance level must lie strictly between 0 and 1.");
        }
    }

    public static void ValidateThreshold(double threshold, string paramName = "threshold")
    {
        if (!(threshold >= 0) || double.IsInfinity(threshold))
        {
            throw new ArgumentOutOfRangeException(paramName, threshold, "A distance threshold must be finite and not negative.");
        }
    }
}
