using System.Text.Json;

namespace ModelMonitor.Tests.Drift;

/// <summary>
/// The SciPy reference values of Fixtures/generate_drift_fixtures.py, and the samples they were
/// computed on, regenerated bit for bit by <see cref="Lcg"/>.
/// </summary>
internal static class DriftFixtures
{
    private static readonly Lazy<JsonElement> Document = new(() => FixtureFile.ReadJson("drift_expected.json.gz"));

    private static readonly Dictionary<string, (double[] Reference, double[] Current)> Samples = [];

    public static JsonElement Root => Document.Value;

    public static JsonElement Numeric(string name) =>
        Document.Value.GetProperty("numeric").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static JsonElement Categorical(string name) =>
        Document.Value.GetProperty("categorical").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static IEnumerable<string> NumericNames(int maxSize = int.MaxValue) =>
        Document.Value.GetProperty("numeric").EnumerateArray()
            .Where(c => c.GetProperty("n_ref").GetInt32() <= maxSize)
            .Select(c => c.GetProperty("name").GetString()!);

    public static IEnumerable<string> CategoricalNames() =>
        Document.Value.GetProperty("categorical").EnumerateArray().Select(c => c.GetProperty("name").GetString()!);

    public static TheoryData<string> NumericCases(int maxSize = int.MaxValue) => [.. NumericNames(maxSize)];

    /// <summary>Both samples of a case, NaN included, as the generator made them.</summary>
    public static (double[] Reference, double[] Current) SamplesOf(string name)
    {
        lock (Samples)
        {
            if (Samples.TryGetValue(name, out var cached))
            {
                return cached;
            }

            var c = Numeric(name);
            var shape = c.GetProperty("shape").GetString()!;
            var reference = Generate(shape, false, c.GetProperty("n_ref").GetInt32(), c.GetProperty("seed_ref").GetUInt64());
            var current = Generate(shape, true, c.GetProperty("n_cur").GetInt32(), c.GetProperty("seed_cur").GetUInt64());
            Samples[name] = (reference, current);
            return (reference, current);
        }
    }

    public static double Double(this JsonElement e, string property) => e.GetProperty(property).GetDouble();

    public static double[] Doubles(this JsonElement e, string property) =>
        [.. e.GetProperty(property).EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble())];

    public static long[] Longs(this JsonElement e, string property) =>
        [.. e.GetProperty(property).EnumerateArray().Select(v => v.GetInt64())];

    /// <summary>The recipes of the generator's SHAPES table.</summary>
    private static double[] Generate(string shape, bool current, int n, ulong seed)
    {
        var (kind, shift, scale, step, nan) = (shape, current) switch
        {
            ("same", _) => ("normal", 0.0, 1.0, 0.0, false),
            ("shift", false) => ("normal", 0.0, 1.0, 0.0, false),
            ("shift", true) => ("normal", 0.3, 1.0, 0.0, false),
            ("scale", false) => ("normal", 0.0, 1.0, 0.0, false),
            ("scale", true) => ("normal", 0.0, 1.5, 0.0, false),
            ("heavy", false) => ("t2", 0.0, 1.0, 0.0, false),
            ("heavy", true) => ("t2", 0.0, 1.2, 0.0, false),
            ("ties", false) => ("normal", 0.0, 1.0, 0.5, false),
            ("ties", true) => ("normal", 0.1, 1.0, 0.5, false),
            ("nan", false) => ("normal", 0.0, 1.0, 0.0, true),
            ("nan", true) => ("normal", 0.2, 1.0, 0.0, true),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown shape."),
        };
        var rng = new Lcg(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            var v = ((kind == "normal" ? rng.Normal() : rng.T2()) * scale) + shift;
            if (step > 0)
            {
                v = Math.Floor(v / step) * step;
            }

            if (nan && rng.Uniform() < 0.05)
            {
                v = double.NaN;
            }

            values[i] = v;
        }

        return values;
    }
}

/// <summary>The generator's 64-bit LCG; only correctly rounded operations, so Python and .NET agree bit for bit.</summary>
internal struct Lcg(ulong seed)
{
    private ulong _state = SplitMix(seed);

    private static ulong SplitMix(ulong seed)
    {
        unchecked
        {
            var z = seed + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    public double Uniform()
    {
        _state = unchecked((_state * 6364136223846793005UL) + 1442695040888963407UL);
        return ((2 * (_state >> 12)) + 1) * (1.0 / 9007199254740992.0);
    }

    public double Normal()
    {
        var s = 0.0;
        for (var i = 0; i < 12; i++)
        {
            s += Uniform();
        }

        return s - 6.0;
    }

    public double T2()
    {
        var u = Uniform();
        return ((2.0 * u) - 1.0) / Math.Sqrt(2.0 * u * (1.0 - u));
    }
}

internal static class DriftAssert
{
    /// <summary>Relative tolerance, or an absolute one of 1e-12 for p-values below 1e-6 (the rule).</summary>
    public static void PValue(double expected, double actual, string what, double relative = 1e-6)
    {
        if (Math.Abs(expected - actual) <= 1e-12 && expected < 1e-6)
        {
            return;
        }

        Assertions.Close(expected, actual, relative, what);
    }
}
