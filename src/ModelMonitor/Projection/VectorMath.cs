using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelMonitor.Projection;

/// <summary>SIMD kernels over spans; the projection code spends nearly all its time here.</summary>
internal static class VectorMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = a.Length;
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        var i = 0;
        var w = Vector<double>.Count;
        var acc0 = Vector<double>.Zero;
        var acc1 = Vector<double>.Zero;
        for (; i <= n - (2 * w); i += 2 * w)
        {
            acc0 += Vector.LoadUnsafe(ref ra, (nuint)i) * Vector.LoadUnsafe(ref rb, (nuint)i);
            acc1 += Vector.LoadUnsafe(ref ra, (nuint)(i + w)) * Vector.LoadUnsafe(ref rb, (nuint)(i + w));
        }

        var sum = Vector.Sum(acc0 + acc1);
        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref ra, i) * Unsafe.Add(ref rb, i);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var n = a.Length;
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        var i = 0;
        var w = Vector<float>.Count;
        var acc0 = Vector<float>.Zero;
        var acc1 = Vector<float>.Zero;
        for (; i <= n - (2 * w); i += 2 * w)
        {
            acc0 += Vector.LoadUnsafe(ref ra, (nuint)i) * Vector.LoadUnsafe(ref rb, (nuint)i);
            acc1 += Vector.LoadUnsafe(ref ra, (nuint)(i + w)) * Vector.LoadUnsafe(ref rb, (nuint)(i + w));
        }

        var sum = Vector.Sum(acc0 + acc1);
        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref ra, i) * Unsafe.Add(ref rb, i);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var n = a.Length;
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        var i = 0;
        var w = Vector<float>.Count;
        var acc0 = Vector<float>.Zero;
        var acc1 = Vector<float>.Zero;
        for (; i <= n - (2 * w); i += 2 * w)
        {
            var d0 = Vector.LoadUnsafe(ref ra, (nuint)i) - Vector.LoadUnsafe(ref rb, (nuint)i);
            var d1 = Vector.LoadUnsafe(ref ra, (nuint)(i + w)) - Vector.LoadUnsafe(ref rb, (nuint)(i + w));
            acc0 += d0 * d0;
            acc1 += d1 * d1;
        }

        var sum = Vector.Sum(acc0 + acc1);
        for (; i < n; i++)
        {
            var d = Unsafe.Add(ref ra, i) - Unsafe.Add(ref rb, i);
            sum += d * d;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = a.Length;
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        var i = 0;
        var w = Vector<double>.Count;
        var acc = Vector<double>.Zero;
        for (; i <= n - w; i += w)
        {
            var d = Vector.LoadUnsafe(ref ra, (nuint)i) - Vector.LoadUnsafe(ref rb, (nuint)i);
            acc += d * d;
        }

        var sum = Vector.Sum(acc);
        for (; i < n; i++)
        {
            var d = Unsafe.Add(ref ra, i) - Unsafe.Add(ref rb, i);
            sum += d * d;
        }

        return sum;
    }

    /// <summary><c>y += alpha * x</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled(Span<double> y, double alpha, ReadOnlySpan<double> x)
    {
        var n = y.Length;
        ref var ry = ref MemoryMarshal.GetReference(y);
        ref var rx = ref MemoryMarshal.GetReference(x);
        var i = 0;
        var w = Vector<double>.Count;
        var va = new Vector<double>(alpha);
        for (; i <= n - w; i += w)
        {
            (Vector.LoadUnsafe(ref ry, (nuint)i) + (va * Vector.LoadUnsafe(ref rx, (nuint)i))).StoreUnsafe(ref ry, (nuint)i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref ry, i) += alpha * Unsafe.Add(ref rx, i);
        }
    }

    /// <summary>Splits <paramref name="count"/> items into <paramref name="blocks"/> contiguous ranges; the split depends only on its arguments, never on the machine, so parallel results are reproducible.</summary>
    public static (int Start, int End) Block(int count, int blocks, int block)
    {
        var start = (int)((long)count * block / blocks);
        var end = (int)((long)count * (block + 1) / blocks);
        return (start, end);
    }
}
