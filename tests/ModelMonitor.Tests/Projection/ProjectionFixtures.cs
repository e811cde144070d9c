using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace ModelMonitor.Tests.Projection;

/// <summary>The reference values of Fixtures/generate_projection_fixtures.py and the data they were computed on.</summary>
internal static class ProjectionFixtures
{
    private static readonly Lazy<JsonElement> Document = new(() => FixtureFile.ReadJson("projection_expected.json.gz"));

    private static readonly Lazy<(double[] X, int[] Labels)> DigitsData = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "digits.csv.gz");
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        _ = reader.ReadLine();
        var x = new List<double>();
        var labels = new List<int>();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(',');
            for (var j = 0; j < 64; j++)
            {
                x.Add(double.Parse(parts[j], CultureInfo.InvariantCulture));
            }

            labels.Add(int.Parse(parts[64], CultureInfo.InvariantCulture));
        }

        return ([.. x], [.. labels]);
    });

    private static readonly Lazy<double[]> SyntheticData = new(() => Synthetic(7, 5000, 256));

    public static JsonElement Root => Document.Value;

    /// <summary>load_digits(): 1797 x 64, row-major.</summary>
    public static double[] Digits => DigitsData.Value.X;

    public static int[] DigitLabels => DigitsData.Value.Labels;

    public static float[] DigitsSingle => [.. Digits.Select(v => (float)v)];

    public static double[] Synthetic5000x256 => SyntheticData.Value;

    public static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    public static double[] Doubles(string section, string name) => Doubles(Root.GetProperty(section).GetProperty(name));

    /// <summary>The generator of the script: U, V, E uniform on [-1, 1) from splitmix64 counters.</summary>
    public static double[] Synthetic(int seed, int n, int d)
    {
        double[] s = [12, 9, 7, 5, 4, 3, 2.5, 2];
        var r = s.Length;
        var u = Uniform(seed, 1, n * r);
        var v = Uniform(seed, 2, r * d);
        var e = Uniform(seed, 3, n * d);
        var x = new double[n * d];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < r; k++)
                {
                    sum += u[(i * r) + k] * s[k] * v[(k * d) + j];
                }

                x[(i * d) + j] = sum + (0.3 * e[(i * d) + j]);
            }
        }

        return x;
    }

    /// <summary>Sign-aligned maximum absolute difference of two coordinate sets, per component.</summary>
    public static double MaxDifferenceUpToSign(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, int components)
    {
        var worst = 0.0;
        for (var c = 0; c < components; c++)
        {
            var dot = 0.0;
            for (var i = c; i < expected.Length; i += components)
            {
                dot += expected[i] * actual[i];
            }

            var sign = dot < 0 ? -1 : 1;
            for (var i = c; i < expected.Length; i += components)
            {
                worst = Math.Max(worst, Math.Abs(expected[i] - (sign * actual[i])));
            }
        }

        return worst;
    }

    private static double[] Uniform(int seed, int stream, int count)
    {
        var start = ((ulong)seed << 32) + ((ulong)stream << 56);
        var result = new double[count];
        for (var i = 0; i < count; i++)
        {
            var z = start + (ulong)i + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            result[i] = ((z >> 11) * Math.Pow(2, -53) * 2.0) - 1.0;
        }

        return result;
    }
}
