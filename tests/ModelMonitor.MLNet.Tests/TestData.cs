using Microsoft.ML;

namespace ModelMonitor.MLNet.Tests;

/// <summary>One labelled review of the bundled UCI sentences.</summary>
/// <param name="Text">The sentence.</param>
/// <param name="Label">True for a positive review.</param>
public sealed record Review(string Text, bool Label);

/// <summary>The bundled review files (see src/ModelMonitor.Cli/Data/README.md), read once per call: <c>sentence\tlabel</c>, split at the last tab.</summary>
internal static class SentimentFiles
{
    public const string Amazon = "amazon_cells_labelled.txt";
    public const string Yelp = "yelp_labelled.txt";

    public static List<Review> Read(string file) =>
        [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "sentiment", file))
            .Where(line => line.Contains('\t'))
            .Select(line =>
            {
                var tab = line.LastIndexOf('\t');
                return new Review(line[..tab], line[(tab + 1)..].Trim() == "1");
            })];
}

/// <summary>A pass-through view that records which columns each cursor asked for.</summary>
internal sealed class RecordingDataView(IDataView inner) : IDataView
{
    public List<string[]> CursorRequests { get; } = [];

    public bool CanShuffle => inner.CanShuffle;

    public DataViewSchema Schema => inner.Schema;

    public long? GetRowCount() => inner.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var columns = columnsNeeded.ToList();
        CursorRequests.Add([.. columns.Select(c => c.Name)]);
        return inner.GetRowCursor(columns, rand);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        throw new NotSupportedException("The reader should open one cursor.");
}
