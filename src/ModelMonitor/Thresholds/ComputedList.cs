using System.Collections;

namespace ModelMonitor.Thresholds;

/// <summary>
/// A read-only list whose items are computed from shared counts when read. Curves over a million
/// holdout rows are views of the one <see cref="BinaryCounts"/> instead of copies: the holdout is
/// counted once, and reading a point costs a division.
/// </summary>
internal sealed class ComputedList(int count, Func<int, double> item) : IReadOnlyList<double>
{
    public int Count { get; } = count;

    public double this[int index] => (uint)index < (uint)Count
        ? item(index)
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"The curve has {Count} points.");

    public IEnumerator<double> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return item(i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
