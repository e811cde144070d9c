namespace ModelMonitor.Drift;

/// <summary>Validates pairs of category-count vectors for the categorical drift tests.</summary>
internal static class CategoryCounts
{
    /// <summary>Checks lengths and signs; returns both totals.</summary>
    /// <exception cref="ArgumentException">Empty, different lengths, or a total of zero.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative count.</exception>
    public static (long ReferenceTotal, long CurrentTotal) Validate(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts)
    {
        if (referenceCounts.IsEmpty)
        {
            throw new ArgumentException("referenceCounts is empty: give one count per category.", nameof(referenceCounts));
        }

        if (currentCounts.Length != referenceCounts.Length)
        {
            throw new ArgumentException(
                $"currentCounts has {currentCounts.Length} categories and referenceCounts {referenceCounts.Length}; give both in the same category order (0 for a category a sample lacks).",
                nameof(currentCounts));
        }

        var referenceTotal = Total(referenceCounts, nameof(referenceCounts));
        var currentTotal = Total(currentCounts, nameof(currentCounts));
        return (referenceTotal, currentTotal);
    }

    /// <summary>Counts the categories only the current sample has (unseen) and only the reference has (missing).</summary>
    public static (int Unseen, int Missing) Coverage(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts)
    {
        int unseen = 0, missing = 0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            if (referenceCounts[i] == 0 && currentCounts[i] > 0)
            {
                unseen++;
            }
            else if (referenceCounts[i] > 0 && currentCounts[i] == 0)
            {
                missing++;
            }
        }

        return (unseen, missing);
    }

    private static long Total(ReadOnlySpan<long> counts, string paramName)
    {
        var total = 0L;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] < 0)
            {
                throw new ArgumentOutOfRangeException(paramName, counts[i], $"{paramName}[{i}] is negative.");
            }

            total = checked(total + counts[i]);
        }

        if (total == 0)
        {
            throw new ArgumentException($"{paramName} counts nothing: every count is zero.", paramName);
        }

        return total;
    }
}
