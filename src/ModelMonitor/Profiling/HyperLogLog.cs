using System.Numerics;

namespace ModelMonitor.Profiling;

/// <summary>
/// A mergeable distinct-count estimate in fixed memory (Flajolet, Fusy, Gandouet and Meunier's
/// HyperLogLog, 2007) with linear counting for small cardinalities.
/// </summary>
/// <remarks>
/// With precision <c>p</c> the sketch keeps <c>2^p</c> one-byte registers; its relative standard
/// error is <c>1.04 / sqrt(2^p)</c> (<see cref="StandardError(int)"/>): 1.6% at the default
/// p = 12 (4 KiB), so about 99.7% of estimates fall within three times that. Values are added as
/// 64-bit hashes (<see cref="Hash(ReadOnlySpan{char})"/>, <see cref="Hash(double)"/>), which are
/// stable across processes, so sketches saved by one process merge with another's. Merging takes
/// the register-wise maximum and equals the sketch of the union exactly. Not thread-safe.
/// </remarks>
public sealed class HyperLogLog
{
    /// <summary>The default precision (4096 registers, 1.6% relative standard error).</summary>
    public const int DefaultPrecision = 12;

    private readonly byte[] _registers;
    private readonly int _precision;

    /// <summary>Initializes an empty sketch.</summary>
    /// <param name="precision">The number of index bits, from 4 to 18.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="precision"/> is outside [4, 18].</exception>
    public HyperLogLog(int precision = DefaultPrecision)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, 18);
        _precision = precision;
        _registers = new byte[1 << precision];
    }

    /// <summary>Gets the number of index bits.</summary>
    public int Precision => _precision;

    /// <summary>Gets the relative standard error of this sketch's estimates.</summary>
    public double RelativeStandardError => StandardError(_precision);

    internal ReadOnlySpan<byte> Registers => _registers;

    /// <summary>The relative standard error <c>1.04 / sqrt(2^precision)</c> of a sketch of the given precision.</summary>
    /// <param name="precision">The number of index bits.</param>
    /// <returns>The error as a fraction of the true count.</returns>
    public static double StandardError(int precision) => 1.04 / Math.Sqrt(1 << precision);

    /// <summary>Adds a value by its 64-bit hash.</summary>
    /// <param name="hash">A well-mixed hash, such as <see cref="Hash(double)"/>.</param>
    public void AddHash(ulong hash)
    {
        var index = (int)(hash >> (64 - _precision));
        // The sentinel bit caps the rank so an all-zero remainder cannot overflow the register.
        var rest = (hash << _precision) | (1UL << (_precision - 1));
        var rank = (byte)(BitOperations.LeadingZeroCount(rest) + 1);
        ref var register = ref _registers[index];
        if (rank > register)
        {
            register = rank;
        }
    }

    /// <summary>Estimates the number of distinct values added.</summary>
    /// <returns>The estimate, rounded to the nearest integer.</returns>
    public long Estimate()
    {
        var m = _registers.Length;
        double sum = 0;
        var zeros = 0;
        foreach (var r in _registers)
        {
            sum += Math.ScaleB(1.0, -r);
            if (r == 0)
            {
                zeros++;
            }
        }

        var alpha = m switch
        {
            16 => 0.673,
            32 => 0.697,
            64 => 0.709,
            _ => 0.7213 / (1 + (1.079 / m)),
        };
        var raw = alpha * m * m / sum;
        if (raw <= 2.5 * m && zeros > 0)
        {
            raw = m * Math.Log((double)m / zeros);
        }

        return (long)Math.Round(raw);
    }

    /// <summary>Adds what another sketch saw; the result equals the sketch of the union.</summary>
    /// <param name="other">A sketch of the same precision.</param>
    /// <exception cref="ArgumentException">The precisions differ.</exception>
    public void Merge(HyperLogLog other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._precision != _precision)
        {
            throw new ArgumentException($"Sketches of precision {other._precision} and {_precision} cannot be merged.", nameof(other));
        }

        for (var i = 0; i < _registers.Length; i++)
        {
            _registers[i] = Math.Max(_registers[i], other._registers[i]);
        }
    }

    /// <summary>Creates an independent copy.</summary>
    /// <returns>A sketch equal to this one.</returns>
    public HyperLogLog Clone()
    {
        var copy = new HyperLogLog(_precision);
        _registers.CopyTo(copy._registers, 0);
        return copy;
    }

    /// <summary>A stable 64-bit hash of text (FNV-1a over UTF-16 code units, then a SplitMix64 finaliser).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The hash.</returns>
    public static ulong Hash(ReadOnlySpan<char> text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return Mix(h);
    }

    /// <summary>A stable 64-bit hash of a number; 0 and -0 hash alike.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The hash.</returns>
    public static ulong Hash(double value) => Mix((ulong)BitConverter.DoubleToInt64Bits(value == 0 ? 0.0 : value) ^ 0x5851F42D4C957F2DUL);

    internal static HyperLogLog FromRegisters(int precision, byte[] registers)
    {
        var sketch = new HyperLogLog(precision);
        if (registers.Length != sketch._registers.Length)
        {
            throw new ArgumentException($"A precision-{precision} sketch has {sketch._registers.Length} registers, not {registers.Length}.", nameof(registers));
        }

        registers.CopyTo(sketch._registers, 0);
        return sketch;
    }

    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
