using System.Runtime.InteropServices;

namespace ModelMonitor.Profiling;

/// <summary>
/// Counts of the most frequent values in bounded memory (Misra and Gries' summary, 1982, merged as
/// in Agarwal et al., "Mergeable Summaries", 2012). Exact while at most <c>capacity</c> distinct
/// values were seen; after that each count may be low by at most <see cref="MaxUndercount"/>,
/// which never exceeds <c>n / (capacity + 1)</c>.
/// </summary>
internal sealed class FrequentItems<TKey>
    where TKey : notnull
{
    private readonly int _capacity;
    private readonly Dictionary<TKey, long> _counts;
    private long _maxUndercount;

    public FrequentItems(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        _capacity = capacity;
        _counts = new Dictionary<TKey, long>(Math.Min(capacity, 64) + 1, comparer);
    }

    public int Capacity => _capacity;

    /// <summary>Gets whether no count was ever reduced, so the table holds every distinct value with its exact count.</summary>
    public bool IsExact => _maxUndercount == 0;

    public long MaxUndercount => _maxUndercount;

    public int Count => _counts.Count;

    public Dictionary<TKey, long> Table => _counts;

    public void Add(TKey key)
    {
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, key, out var exists);
        count++;
        if (!exists && _counts.Count > _capacity)
        {
            _counts.Remove(key);
            Reduce(1);
        }
    }

    public void Add(TKey key, long weight)
    {
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, key, out _);
        count += weight;
    }

    public void Merge(FrequentItems<TKey> other)
    {
        foreach (var (key, count) in other._counts)
        {
            Add(key, count);
        }

        _maxUndercount += other._maxUndercount;
        Shrink();
    }

    /// <summary>Restores the capacity after weighted additions by subtracting the (capacity + 1)-th largest count.</summary>
    public void Shrink()
    {
        if (_counts.Count <= _capacity)
        {
            return;
        }

        var counts = new long[_counts.Count];
        _counts.Values.CopyTo(counts, 0);
        Array.Sort(counts);
        Array.Reverse(counts);
        Reduce(counts[_capacity]);
    }

    public void SetUndercount(long value) => _maxUndercount = value;

    public List<KeyValuePair<TKey, long>> Top(int k, Comparison<TKey> tieBreak)
    {
        var all = new List<KeyValuePair<TKey, long>>(_counts);
        all.Sort((a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : tieBreak(a.Key, b.Key));
        if (all.Count > k)
        {
            all.RemoveRange(k, all.Count - k);
        }

        return all;
    }

    public void Reduce(long amount)
    {
        var drop = new List<TKey>();
        foreach (var key in _counts.Keys)
        {
            ref var count = ref CollectionsMarshal.GetValueRefOrNullRef(_counts, key);
            count -= amount;
            if (count <= 0)
            {
                drop.Add(key);
            }
        }

        foreach (var key in drop)
        {
            _counts.Remove(key);
        }

        _maxUndercount += amount;
    }
}
