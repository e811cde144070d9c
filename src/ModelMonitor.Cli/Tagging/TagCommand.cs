using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ModelMonitor.Cli.Csv;
using ModelMonitor.Explanations;
using ModelMonitor.Cli.Thresholds;
using ModelMonitor.Serialization;
using ModelMonitor.Tagging;
using ModelMonitor.Thresholds;

namespace ModelMonitor.Cli.Tagging;

/// <summary><c>modelmon tag</c>: pick the predictions worth sending to labellers from a CSV of model outputs.</summary>
internal static class TagCommand
{
    /// <summary>How many unreadable lines are listed before the rest are only counted.</summary>
    private const int ListedBadLines = 5;

    public const string SelectorHelp =
        "least-confident | smallest-margin | highest-entropy | high-confidence[:class,class] | near-threshold[:delta] | below-threshold-correct | random";

    public static Command Create()
    {
        var file = new Argument<string>("predictions") { Description = "CSV file of predictions with a header row: an id, score column(s), optionally the predicted class, the label and a cohort." };
        var idColumn = new Option<string>("--id-column", "-i") { Description = "The column that identifies each sample for the labellers.", Required = true, HelpName = "name" };
        var scoreColumn = new Option<string?>("--score-column", "-s") { Description = "Binary model: the column with the probability of class 1.", HelpName = "name" };
        var scoreColumns = new Option<string?>("--score-columns") { Description = "Multi-class model: the comma-separated probability columns, one per class, in class order.", HelpName = "a,b,c" };
        var classes = new Option<string?>("--classes") { Description = "Comma-separated class names in class order; by default the score column names, or 0,1 for a binary model.", HelpName = "names" };
        var predictedColumn = new Option<string?>("--predicted-column") { Description = "The column with the predicted class (name or index). Without it: a multi-class prediction is the highest score, a binary one comes from --thresholds (never an assumed 0.5).", HelpName = "name" };
        var labelColumn = new Option<string?>("--label-column", "-l") { Description = "The column with the true class, where known (needed by below-threshold-correct).", HelpName = "name" };
        var cohortColumn = new Option<string?>("--cohort-column") { Description = "The column with each sample's cohort (country, device, ...), for --max-per-cohort.", HelpName = "name" };
        var thresholdsFile = new Option<string?>("--thresholds", "-t") { Description = "Calibrated thresholds JSON from `modelmon threshold --output`; needed by near-threshold and below-threshold-correct.", HelpName = "path" };
        var selectors = new Option<string[]>("--selector") { Description = $"Which samples to pick; repeat to mix several with equal weight. {SelectorHelp}. Default least-confident.", HelpName = "selector" };
        var budget = new Option<int>("--budget", "-n") { Description = "How many samples to pick in all.", DefaultValueFactory = _ => 20 };
        var maxPerClass = new Option<int>("--max-per-class") { Description = "The most samples of one predicted class (0: no limit).", DefaultValueFactory = _ => 0 };
        var maxPerCohort = new Option<int>("--max-per-cohort") { Description = "The most samples of one cohort (0: no limit).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random selector.", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--output", "-o") { Description = "Also write the queue as CSV (rank, id, reason, score, predicted, label, cohort).", HelpName = "path" };
        var format = Formats.Option();

        var command = new Command("tag", """
            Pick the predictions worth labelling from a CSV of model outputs, in bounded memory over any
            number of rows: the least confident, the most confident of chosen classes (negative mining),
            those near a calibrated threshold, or right but below it; mixed with quotas and de-duplicated.
            """);
        CommandHelp.SetExamples(
            command,
            "modelmon tag serving.csv --id-column id --score-column probability --thresholds thresholds.json --selector near-threshold:0.05",
            "modelmon tag serving.csv -i id -s p -t thresholds.json --selector least-confident --selector high-confidence:0 -n 50 -o queue.csv",
            "modelmon tag digits.csv -i id --score-columns p0,p1,p2,p3,p4,p5,p6,p7,p8,p9 -l digit --max-per-class 3 --format json");
        command.Arguments.Add(file);
        foreach (var option in new Option[] { idColumn, scoreColumn, scoreColumns, classes, predictedColumn, labelColumn, cohortColumn, thresholdsFile, selectors, budget, maxPerClass, maxPerCohort, seed, output, format })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                if (parse.GetValue(budget) < 1 || parse.GetValue(maxPerClass) < 0 || parse.GetValue(maxPerCohort) < 0)
                {
                    throw new CsvInputException("--budget must be at least 1, and --max-per-class and --max-per-cohort at least 0.");
                }

                var csv = CsvFile.Open(parse.GetValue(file)!);
                var layout = ScoreLayout.Resolve(csv, parse.GetValue(scoreColumn), parse.GetValue(scoreColumns), parse.GetValue(classes));
                var thresholds = parse.GetValue(thresholdsFile) is { } path ? LoadThresholds(path, layout) : null;
                var built = (parse.GetValue(selectors) is { Length: > 0 } given ? given : ["least-confident"])
                    .Select(text => Build(text, layout, thresholds, parse.GetValue(budget), parse.GetValue(seed)))
                    .ToList();
                var columns = new Columns(
                    csv.Column(parse.GetValue(idColumn)!, "--id-column"),
                    Optional(csv, parse.GetValue(predictedColumn), "--predicted-column"),
                    Optional(csv, parse.GetValue(labelColumn), "--label-column"),
                    Optional(csv, parse.GetValue(cohortColumn), "--cohort-column"));
                if (columns.Predicted < 0 && thresholds is null && layout.IsBinary)
                {
                    throw new CsvInputException("A binary model needs --predicted-column or --thresholds to know each predicted class; modelmon never assumes a 0.5 threshold.");
                }

                var stats = Observe(layout, columns, thresholds, built);
                foreach (var line in stats.BadLines)
                {
                    stderr.WriteLine($"modelmon tag: skipped {line}");
                }

                if (stats.Unreadable > stats.BadLines.Count)
                {
                    stderr.WriteLine($"modelmon tag: skipped {stats.Unreadable - stats.BadLines.Count} more unreadable lines.");
                }

                var queue = TaggingComposer.Compose(
                    [.. built.Select(b => new TaggingSource { Samples = b.Selector.Selected() })],
                    new TaggingCompositionOptions
                    {
                        Budget = parse.GetValue(budget),
                        MaxPerClass = parse.GetValue(maxPerClass),
                        MaxPerCohort = parse.GetValue(maxPerCohort),
                    });
                stdout.Write(parse.GetValue(format) == Formats.Json ? Json(queue, built, stats, layout) : Table(queue, built, stats, layout));
                if (parse.GetValue(output) is { } outputPath)
                {
                    try
                    {
                        AtomicFile.WriteAllText(outputPath, Csv(queue, layout));
                    }
                    catch (IOException e)
                    {
                        stderr.WriteLine($"modelmon tag: {e.Message}");
                        return ExitCodes.Findings;
                    }

                    stderr.WriteLine($"Wrote {queue.Count} samples to {outputPath}.");
                }

                return ExitCodes.Success;
            }
            catch (Exception e) when (e is CsvInputException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"modelmon tag: {e.Message}");
                return ExitCodes.UsageOrInput;
            }
        });
        return command;
    }

    private static int Optional(CsvFile csv, string? name, string option) => name is null ? -1 : csv.Column(name, option);

    private static CalibratedThresholds LoadThresholds(string path, ScoreLayout layout)
    {
        CalibratedThresholds thresholds;
        try
        {
            thresholds = ModelMonitorJson.DeserializeThresholds(File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException or FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CsvInputException($"--thresholds '{path}': {e.Message}");
        }

        if (thresholds.Classes.Count != layout.ClassCount)
        {
            throw new CsvInputException($"--thresholds '{path}' has {thresholds.Classes.Count} classes but the scores describe {layout.ClassCount}.");
        }

        return thresholds;
    }

    private static BuiltSelector Build(string text, ScoreLayout layout, CalibratedThresholds? thresholds, int budget, int seed)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        var argument = colon < 0 ? null : text[(colon + 1)..];
        var k = layout.ClassCount;
        try
        {
            TaggingSelector? selector = (name, argument) switch
            {
                ("least-confident", null) => TaggingSelector.LeastConfident(k, budget),
                ("smallest-margin", null) => TaggingSelector.SmallestMargin(k, budget),
                ("highest-entropy", null) => TaggingSelector.HighestEntropy(k, budget),
                ("high-confidence", null) => TaggingSelector.HighConfidence(k, budget),
                ("high-confidence", { } list) => TaggingSelector.HighConfidence(k, budget, [.. list.Split(',').Select(c => ClassIndex(c.Trim(), layout, text))]),
                ("random", null) => TaggingSelector.Random(k, budget, seed),
                ("near-threshold", _) => TaggingSelector.NearCalibratedThreshold(Need(thresholds, text), argument is null ? 0.05 : Number(argument, text), budget),
                ("below-threshold-correct", null) => TaggingSelector.BelowCalibratedThresholdButCorrect(Need(thresholds, text), budget),
                _ => null,
            };
            return selector is null
                ? throw new CsvInputException($"--selector '{text}' is not one of: {SelectorHelp}.")
                : new BuiltSelector(text, selector);
        }
        catch (ArgumentException e)
        {
            throw new CsvInputException($"--selector '{text}': {e.Message}");
        }
    }

    private static CalibratedThresholds Need(CalibratedThresholds? thresholds, string selector) =>
        thresholds ?? throw new CsvInputException($"--selector '{selector}' needs --thresholds (from `modelmon threshold --output`).");

    private static int ClassIndex(string text, ScoreLayout layout, string selector) =>
        layout.TryLabel(text, out var index) ? index : throw new CsvInputException($"--selector '{selector}': '{text}' is not a class ({string.Join(", ", layout.ClassNames)}).");

    private static double Number(string text, string selector) =>
        CsvFile.TryNumber(text, out var value) ? value : throw new CsvInputException($"--selector '{selector}': '{text}' is not a number.");

    private static ObserveStats Observe(ScoreLayout layout, Columns columns, CalibratedThresholds? thresholds, List<BuiltSelector> selectors)
    {
        var stats = new ObserveStats();
        var scores = new float[layout.Scores.Length];
        var probabilities = new double[layout.Scores.Length];
        foreach (var row in layout.File.Rows())
        {
            stats.Rows++;
            if (!layout.TryScores(row, scores, out var error))
            {
                stats.Skip(error!);
                continue;
            }

            for (var j = 0; j < scores.Length; j++)
            {
                probabilities[j] = scores[j];
            }

            // The thresholds' rule would abstain: worth knowing, and for a binary model there is no class.
            var ruled = thresholds?.Predict(probabilities);
            stats.Abstained += ruled < 0 ? 1 : 0;
            int predicted;
            if (columns.Predicted >= 0)
            {
                if (!layout.TryLabel(row.Fields[columns.Predicted], out predicted))
                {
                    stats.Skip($"line {row.Line}: the predicted class '{row.Fields[columns.Predicted]}' is not a class.");
                    continue;
                }
            }
            else if (layout.IsBinary)
            {
                if (ruled is not >= 0)
                {
                    continue;
                }

                predicted = ruled.Value;
            }
            else
            {
                // The model's own answer; the thresholds judge it (below-threshold-correct) rather than replace it.
                predicted = ModelOutput.ArgMax(scores);
            }

            int? label = null;
            if (columns.Label >= 0 && row.Fields[columns.Label].Length > 0)
            {
                if (!layout.TryLabel(row.Fields[columns.Label], out var parsed))
                {
                    stats.Skip($"line {row.Line}: the label '{row.Fields[columns.Label]}' is not a class.");
                    continue;
                }

                label = parsed;
            }

            var id = row.Fields[columns.Id];
            var record = new PredictionRecord(
                default,
                scores,
                predicted,
                columns.Cohort >= 0 ? row.Fields[columns.Cohort] : null,
                label,
                id.Length == 0 ? null : id);
            foreach (var s in selectors)
            {
                s.Selector.Observe(record);
            }
        }

        return stats;
    }


    private static string Table(IReadOnlyList<TaggedSample> queue, List<BuiltSelector> selectors, ObserveStats stats, ScoreLayout layout)
    {
        var text = new StringBuilder();
        text.Append(Formats.Line($"Read {stats.Rows} rows ({stats.Unreadable} unreadable, {stats.Abstained} where no class cleared its threshold)."));
        foreach (var s in selectors)
        {
            var invalid = Enum.GetValues<InvalidRecordReason>().Sum(r => s.Selector.InvalidCount(r));
            text.Append(Formats.Line($"  {s.Text,-28} kept {s.Selector.Count} of {s.Selector.ObservedRecords} valid records ({invalid} invalid, {s.Selector.MissingSampleId} without an id)."));
        }

        text.AppendLine();
        text.Append(Formats.Line($"{"rank",4}  {"id",-24} {"reason",-26} {"score",8}  {"predicted",-12} {"label",-12} cohort"));
        for (var i = 0; i < queue.Count; i++)
        {
            var q = queue[i];
            text.Append(Formats.Line($"{i + 1,4}  {Clip(q.SampleId, 24),-24} {q.Reason,-26} {q.Score,8:0.0000}  {Clip(layout.ClassNames[q.PredictedClass], 12),-12} {Clip(q.Label is { } l ? layout.ClassNames[l] : "", 12),-12} {q.Cohort}"));
        }

        if (queue.Count == 0)
        {
            text.Append(Formats.Line($"No sample met the selectors."));
        }

        return text.ToString();
    }

    private static string Json(IReadOnlyList<TaggedSample> queue, List<BuiltSelector> selectors, ObserveStats stats, ScoreLayout layout) => Formats.WriteJson(w =>
    {
        w.WriteNumber("rows", stats.Rows);
        w.WriteNumber("unreadableRows", stats.Unreadable);
        w.WriteNumber("abstainedRows", stats.Abstained);
        w.WriteStartArray("selectors");
        foreach (var s in selectors)
        {
            w.WriteStartObject();
            w.WriteString("selector", s.Text);
            w.WriteNumber("observed", s.Selector.ObservedRecords);
            w.WriteNumber("kept", s.Selector.Count);
            w.WriteNumber("missingId", s.Selector.MissingSampleId);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("queue");
        foreach (var q in queue)
        {
            w.WriteStartObject();
            w.WriteString("id", q.SampleId);
            w.WriteString("reason", q.Reason.ToString());
            w.WriteNumber("score", q.Score);
            w.WriteString("predicted", layout.ClassNames[q.PredictedClass]);
            if (q.Label is { } l)
            {
                w.WriteString("label", layout.ClassNames[l]);
            }

            if (q.Cohort is { } c)
            {
                w.WriteString("cohort", c);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    private static string Csv(IReadOnlyList<TaggedSample> queue, ScoreLayout layout)
    {
        var text = new StringBuilder("rank,id,reason,score,predicted,label,cohort\n");
        for (var i = 0; i < queue.Count; i++)
        {
            var q = queue[i];
            text.Append(CultureInfo.InvariantCulture, $"{i + 1},{Quote(q.SampleId)},{q.Reason},{q.Score.ToString("R", CultureInfo.InvariantCulture)},{Quote(layout.ClassNames[q.PredictedClass])},{Quote(q.Label is { } l ? layout.ClassNames[l] : "")},{Quote(q.Cohort ?? "")}\n");
        }

        return text.ToString();
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Clip(string text, int width) => text.Length <= width ? text : string.Concat(text.AsSpan(0, width - 1), "…");

    private sealed record BuiltSelector(string Text, TaggingSelector Selector);

    private sealed record Columns(int Id, int Predicted, int Label, int Cohort);

    private sealed class ObserveStats
    {
        public long Rows { get; set; }

        public long Unreadable { get; private set; }

        public long Abstained { get; set; }

        public List<string> BadLines { get; } = [];

        public void Skip(string reason)
        {
            Unreadable++;
            if (BadLines.Count < ListedBadLines)
            {
                BadLines.Add(reason);
            }
        }
    }
}
