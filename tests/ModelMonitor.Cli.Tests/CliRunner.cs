using System.CommandLine;
using System.IO.Compression;

namespace ModelMonitor.Cli.Tests;

/// <summary>Runs <c>modelmon</c> as Program.Main does (parse errors included), with captured output.</summary>
internal static class CliRunner
{
    public static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliCommands.Invoke(args, new InvocationConfiguration { Output = output, Error = error }, _ => throw new InvalidOperationException("The demo must not run."));
        return (code, output.ToString(), error.ToString());
    }
}

/// <summary>The UCI Adult census records (bundled by the core tests, CC BY 4.0) as CSV files with a header, as a data team would export them.</summary>
internal static class AdultCsv
{
    public const string Header = "age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,capital-gain,capital-loss,hours-per-week,native-country,income";

    public static readonly string[] Columns = Header.Split(',');

    private static readonly Lazy<string[][]> RowsCache = new(() =>
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "adult", "adult.data.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return [.. reader.ReadToEnd().Split('\n').Where(l => l.Length > 0).Select(l => l.Split(", "))];
    });

    /// <summary>Every record's 15 fields, in file order; missing values are "?".</summary>
    public static string[][] Rows => RowsCache.Value;

    /// <summary>Writes records as a comma-separated file with a header.</summary>
    public static string Write(string folder, string name, IEnumerable<string[]> rows)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, [Header, .. rows.Select(r => string.Join(',', r))]);
        return path;
    }
}
