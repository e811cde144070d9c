using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace ModelMonitor.Tests;

/// <summary>Reads the gzip-compressed CSV fixtures that Fixtures/generate_rolling_fixtures.py wrote with pandas.</summary>
internal sealed class FixtureData
{
    private readonly Dictionary<string, int> _columns;

    private FixtureData(string[] header, List<double[]> rows)
    {
        _columns = header.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        Rows = rows;
    }

    public IReadOnlyList<double[]> Rows { get; }

    public int RowCount => Rows.Count;

    public double this[int row, string column] => Rows[row][_columns[column]];

    public double[] Column(string column) => [.. Rows.Select(r => r[_columns[column]])];

    public static FixtureData Load(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", fileName);
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var header = reader.ReadLine()!.Split(',');
        var rows = new List<double[]>();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(',');
            var values = new double[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                values[i] = parts[i] == "nan" ? double.NaN : double.Parse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            rows.Add(values);
        }

        return new FixtureData(header, rows);
    }
}

/// <summary>The shared input stream of the rolling fixtures.</summary>
internal static class RollingInput
{
    private static readonly Lazy<(long[] TimesMs, float[] P, double[] Confidence)> Data = new(() =>
    {
        var input = FixtureData.Load("rolling_input.csv.gz");
        var times = input.Column("t_ms").Select(t => (long)t).ToArray();
        var p = input.Column("p").Select(v => (float)v).ToArray();
        var confidence = p.Select(v => Math.Max((double)v, 1 - (double)v)).ToArray();
        return (times, p, confidence);
    });

    public static long[] TimesMs => Data.Value.TimesMs;

    public static float[] P => Data.Value.P;

    public static double[] Confidence => Data.Value.Confidence;
}

internal static class Assertions
{
    public static void Close(double expected, double actual, double relative, string what)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"{what}: expected NaN, got {actual}");
            return;
        }

        var tolerance = relative * Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (relative tolerance {relative})");
    }
}

internal static class Allocations
{
    /// <summary>
    /// Bytes the current thread allocated while running <paramref name="action"/>, in the quietest of a
    /// few rounds: the runtime occasionally charges a thread for its own work (tier-up, type loads), which
    /// says nothing about the code under test, while an allocation on every call shows up in every round.
    /// </summary>
    public static long Quietest(Action action, int rounds = 3)
    {
        var least = long.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}

internal static class FixtureFile
{
    /// <summary>Reads a gzip-compressed JSON fixture from the test output's Fixtures folder (written by a generator script there).</summary>
    public static JsonElement ReadJson(string name)
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var document = JsonDocument.Parse(gzip);
        return document.RootElement.Clone();
    }
}
