namespace ModelMonitor.Statistics;

/// <summary>
/// Sorts batches of doubles with least-significant-digit radix passes over order-preserving 64-bit
/// keys. Comparison sorts of random data mispredict a branch on most comparisons; radix passes do
/// not branch on the data, and passes whose byte is the same in every key (the exponent bytes of
/// values in a narrow range, typically) are skipped.
/// </summary>
internal static class RadixSort
{
    private const ulong SignBit = 0x8000_0000_0000_0000UL;
    private const int SmallBatch = 48;

    /// <summary>Sorts finite values ascending; <paramref name="keys"/> and <paramref name="buffer"/> are scratch at least as long.</summary>
    public static void Sort(Span<double> values, Span<ulong> keys, Span<ulong> buffer)
    {
        var n = values.Length;
        if (n < SmallBatch)
        {
            values.Sort();
            return;
        }

        var src = keys[..n];
        var dst = buffer[..n];
        for (var i = 0; i < n; i++)
        {
            var bits = (ulong)BitConverter.DoubleToInt64Bits(values[i]);
            // Negative values reverse their order when read as unsigned bits: flip them all.
            src[i] = (bits & SignBit) != 0 ? ~bits : bits | SignBit;
        }

        src = SortKeys(src, dst);
        for (var i = 0; i < n; i++)
        {
            var key = src[i];
            var bits = (key & SignBit) != 0 ? key & ~SignBit : ~key;
            values[i] = BitConverter.Int64BitsToDouble((long)bits);
        }
    }

    /// <summary>Sorts unsigned keys ascending; returns whichever of <paramref name="keys"/> and <paramref name="buffer"/> (same length) holds the result.</summary>
    /// <remarks>One read builds the histograms of all eight byte positions; a position whose byte is the same in every key is skipped.</remarks>
    public static Span<ulong> SortKeys(Span<ulong> keys, Span<ulong> buffer)
    {
        var n = keys.Length;
        if (n < SmallBatch)
        {
            keys.Sort();
            return keys;
        }

        Span<int> counts = stackalloc int[8 * 256];
        counts.Clear();
        foreach (var key in keys)
        {
            counts[(int)(key & 0xFF)]++;
            counts[256 + (int)((key >> 8) & 0xFF)]++;
            counts[512 + (int)((key >> 16) & 0xFF)]++;
            counts[768 + (int)((key >> 24) & 0xFF)]++;
            counts[1024 + (int)((key >> 32) & 0xFF)]++;
            counts[1280 + (int)((key >> 40) & 0xFF)]++;
            counts[1536 + (int)((key >> 48) & 0xFF)]++;
            counts[1792 + (int)(key >> 56)]++;
        }

        var src = keys;
        var dst = buffer[..n];
        for (var pass = 0; pass < 8; pass++)
        {
            var shift = 8 * pass;
            var offsets = counts.Slice(256 * pass, 256);
            if (offsets[(int)((src[0] >> shift) & 0xFF)] == n)
            {
                continue;
            }

            var total = 0;
            for (var d = 0; d < 256; d++)
            {
                var count = offsets[d];
                offsets[d] = total;
                total += count;
            }

            foreach (var key in src)
            {
                dst[offsets[(int)((key >> shift) & 0xFF)]++] = key;
            }

            var swap = src;
            src = dst;
            dst = swap;
        }

        return src;
    }
}
