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

        Span<int> offsets = stackalloc int[256];
        for (var shift = 0; shift < 64; shift += 8)
        {
            offsets.Clear();
            foreach (var key in src)
            {
                offsets[(int)((key >> shift) & 0xFF)]++;
            }

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

        for (var i = 0; i < n; i++)
        {
            var key = src[i];
            var bits = (key & SignBit) != 0 ? key & ~SignBit : ~key;
            values[i] = BitConverter.Int64BitsToDouble((long)bits);
        }
    }
}
