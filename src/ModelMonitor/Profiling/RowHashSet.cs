namespace ModelMonitor.Profiling;

/// <summary>
/// A set of 64-bit row hashes in one open-addressing array (linear probing, at most half full):
/// 16 bytes per row at worst and one cache miss per lookup, where a <see cref="HashSet{T}"/>
/// touches a bucket array and an entry array.
/// </summary>
internal sealed class RowHashSet
{
    // Zero marks an empty slot, so the hash 0 is stored as this stand-in (a collision with it is as likely as any other).
    private const ulong ZeroStandIn = 0x9E3779B97F4A7C15UL;
    private ulong[] _slots = new ulong[1024];
    private int _mask = 1023;

    public int Count { get; private set; }

    public bool Add(ulong hash)
    {
        if (hash == 0)
        {
            hash = ZeroStandIn;
        }

        var i = (int)(hash & (ulong)_mask);
        while (true)
        {
            var slot = _slots[i];
            if (slot == hash)
            {
                return false;
            }

            if (slot == 0)
            {
                _slots[i] = hash;
                if (++Count * 2 > _slots.Length)
                {
                    Grow();
                }

                return true;
            }

            i = (i + 1) & _mask;
        }
    }

    public ulong[] ToArray()
    {
        var result = new ulong[Count];
        var at = 0;
        foreach (var slot in _slots)
        {
            if (slot != 0)
            {
                result[at++] = slot;
            }
        }

        return result;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        _mask = _slots.Length - 1;
        Count = 0;
        foreach (var slot in old)
        {
            if (slot != 0)
            {
                Add(slot);
            }
        }
    }
}
