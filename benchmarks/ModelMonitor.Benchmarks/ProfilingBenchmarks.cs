using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using ModelMonitor.Profiling;

namespace ModelMonitor.Benchmarks;

/// <summary>
/// Profiling end to end: the Adult CSV (32561 x 15, parsed from memory, profile and data-profile
/// snapshot with correlations), and 1e6 rows x 20 numeric columns fed cell by cell through a
/// <see cref="ProfileBuilder"/> (ns per cell; 20 M cells/s is 50 ns per cell).
/// </summary>
[MemoryDiagnoser]
public class ProfilingBenchmarks
{
    private const int Columns = 20;
    private static readonly CsvOptions AdultCsv = new()
    {
        HasHeader = false,
        MissingTokens = ["?"],
        ColumnNames =
        [
            "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
            "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income",
        ],
    };

    private string _adult = string.Empty;
    private double[] _cells = [];
    private string[] _names = [];

    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _adult = ReadAdult();
        _cells = BenchmarkData.Uniform(Rows * Columns, 23);
        _names = [.. Enumerable.Range(0, Columns).Select(i => $"x{i}")];
    }

    [Benchmark]
    public long AdultCsvProfile() => ReferenceProfile.FromCsv(new StringReader(_adult), AdultCsv).RowCount;

    [Benchmark]
    public int AdultCsvProfileAndSnapshot()
    {
        var profile = ReferenceProfile.FromCsv(new StringReader(_adult), AdultCsv);
        return DataProfileSnapshot.Create(profile).Alerts.Count;
    }

    /// <summary>The floor: Welford moments alone over the same cells (one division per cell).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 20_000_000)]
    public double MomentsOnly()
    {
        var moments = new Statistics.RunningMoments[Columns];
        var cells = _cells;
        for (var r = 0; r < Rows; r++)
        {
            var row = cells.AsSpan(r * Columns, Columns);
            for (var c = 0; c < row.Length; c++)
            {
                moments[c].Add(row[c]);
            }
        }

        return moments[0].Mean;
    }

    [Benchmark(OperationsPerInvoke = 20_000_000)]
    public long NumericCells()
    {
        var builder = new ProfileBuilder(_names);
        var cells = _cells;
        for (var r = 0; r < Rows; r++)
        {
            builder.BeginRow();
            var row = cells.AsSpan(r * Columns, Columns);
            for (var c = 0; c < row.Length; c++)
            {
                builder.AddNumber(c, row[c]);
            }

            builder.EndRow();
        }

        return builder.RowCount;
    }

    private static string ReadAdult()
    {
        // BenchmarkDotNet runs from a generated folder: look for the bundled file above both the
        // working directory and the binaries.
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var path = Path.Combine(dir.FullName, "tests", "ModelMonitor.Tests", "Data", "adult", "adult.data.gz");
                if (File.Exists(path))
                {
                    using var file = File.OpenRead(path);
                    using var gzip = new GZipStream(file, CompressionMode.Decompress);
                    using var reader = new StreamReader(gzip);
                    return reader.ReadToEnd();
                }
            }
        }

        throw new FileNotFoundException("tests/ModelMonitor.Tests/Data/adult/adult.data.gz was not found above the working directory.");
    }
}
