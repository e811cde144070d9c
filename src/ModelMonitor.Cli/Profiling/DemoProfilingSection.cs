using System.Globalization;
using ModelMonitor.Cli.Demo;
using ModelMonitor.Profiling;
using ModelMonitor.Schema;

namespace ModelMonitor.Cli.Profiling;

/// <summary>What the profiling section of the demo found.</summary>
/// <param name="Reference">The profile of the training reviews.</param>
/// <param name="Schema">The schema inferred from it.</param>
/// <param name="Serving">The validation of the serving batch with injected problems.</param>
internal sealed record ProfilingDemoResult(ReferenceProfile Reference, DataSchema Schema, SchemaValidationResult Serving);

/// <summary>
/// The demo's profiling section: profile the Amazon training reviews, infer their schema, then
/// validate a Yelp serving batch in which someone dropped a column and a fifth of the texts went
/// missing, and print the data-profile summary and the violations.
/// </summary>
internal static class DemoProfilingSection
{
    /// <summary>Every <see cref="MissingEvery"/>-th serving text is blanked: 20% missing where training had none.</summary>
    public const int MissingEvery = 5;

    /// <summary>The column the serving batch drops.</summary>
    public const string DroppedColumn = "words";

    public static ProfilingDemoResult Run()
    {
        var amazon = SentimentData.LoadEmbedded(SentimentData.AmazonFile);
        var yelp = SentimentData.LoadEmbedded(SentimentData.YelpFile);
        var reference = ReferenceProfile.FromColumns(Columns(amazon, withLabel: true, dropWords: false, blankEvery: 0), new ProfileOptions { LabelColumn = "label" });
        var schema = DataSchema.Infer(reference);
        var serving = ReferenceProfile.FromColumns(Columns(yelp, withLabel: false, dropWords: true, blankEvery: MissingEvery));
        return new ProfilingDemoResult(reference, schema, schema.Validate(serving, DataSchema.ServingEnvironment));
    }

    public static void Write(ProfilingDemoResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("Training data profile (Amazon reviews):");
        writer.Write(DataProfileSnapshot.Create(result.Reference).ToConsoleText());
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Serving batch (Yelp reviews; '{DroppedColumn}' dropped, every {MissingEvery}th text missing), validated against the inferred schema:"));
        ProfileCommands.Write(result.Serving, writer);
    }

    private static List<ProfileColumn> Columns(IReadOnlyList<LabelledSentence> sentences, bool withLabel, bool dropWords, int blankEvery)
    {
        var texts = sentences.Select((s, i) => blankEvery > 0 && i % blankEvery == blankEvery - 1 ? null : s.Text).ToList();
        var columns = new List<ProfileColumn>
        {
            ProfileColumn.Text("text", texts),
            ProfileColumn.Numeric("characters", [.. sentences.Select(s => (double)s.Text.Length)]),
        };
        if (!dropWords)
        {
            columns.Add(ProfileColumn.Numeric(DroppedColumn, [.. sentences.Select(s => (double)s.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length)]));
        }

        if (withLabel)
        {
            columns.Add(ProfileColumn.Text("label", [.. sentences.Select(s => s.Label ? "positive" : "negative")]));
        }

        return columns;
    }
}
