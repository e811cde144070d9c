using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ModelMonitor.Profiling;
using ModelMonitor.Tests.Drift.Detection;

namespace ModelMonitor.Tests.Profiling;

/// <summary>The Adult file as CSV text and the pandas figures of Fixtures/generate_profile_fixtures.py.</summary>
internal static class AdultProfileData
{
    public static readonly string[] NumericColumns = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"];

    private static readonly Lazy<string[]> LinesCache = new(() =>
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "adult", "adult.data.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return [.. reader.ReadToEnd().Split('\n').Where(l => l.Length > 0)];
    });

    private static readonly Lazy<ReferenceProfile> ProfileCache = new(() => Profile(Lines));

    private static readonly Lazy<JsonElement> ExpectedCache = new(() => FixtureFile.ReadJson("profile_expected.json.gz"));

    /// <summary>The file's "a, b, c" records, one per line, without the trailing empty line.</summary>
    public static string[] Lines => LinesCache.Value;

    public static ReferenceProfile Full => ProfileCache.Value;

    public static JsonElement Expected => ExpectedCache.Value;

    public static CsvOptions Csv { get; } = new() { HasHeader = false, ColumnNames = AdultData.Columns, MissingTokens = ["?"] };

    public static ReferenceProfile Profile(IEnumerable<string> lines, ProfileOptions? options = null) =>
        ReferenceProfile.FromCsv(new StringReader(string.Join('\n', lines)), Csv, options);

    /// <summary>Lines as a CSV document with a header, as a serving system would export them.</summary>
    public static string WithHeader(IEnumerable<string> header, IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', header)).Append('\n');
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }
}
