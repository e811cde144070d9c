using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ModelMonitor.Cli.Csv;
using ModelMonitor.Explanations;
using ModelMonitor.Serialization;
using ModelMonitor.Thresholds;

namespace ModelMonitor.Cli.Thresholds;

/// <summary><c>modelmon threshold</c>: calibrate decision thresholds on a holdout CSV.</summary>
internal static class ThresholdCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("holdout") { Description = "CSV file of holdout predictions with a header row: score column(s) and the true label." };
        var labelColumn = new Option<string>("--label-column", "-l") { Description = "The column with the true class: a class name, a class index, or (binary) 1/0, true/false, yes/no.", Required = true, HelpName = "name" };
        var scoreColumn = new Option<string?>("--score-column", "-s") { Description = "Binary model: the column with the probability of class 1.", HelpName = "name" };
        var scoreColumns = new Option<string?>("--score-columns") { Description = "Multi-class model: the comma-separated probability columns, one per class, in class order.", HelpName = "a,b,c" };
        var classes = new Option<string?>("--classes") { Description = "Comma-separated class names in class order (labels may use them); by default the score column names, or 0,1 for a binary model.", HelpName = "names" };
        var objectives = new Option<string[]>("--objective") { Description = $"What the threshold optimises; repeat to compare several (binary). {ObjectiveParser.Help}. Default f1; the first one is written to --output.", HelpName = "objective", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string?>("--output", "-o") { Description = "Write the calibrated thresholds (first objective) as JSON, for serving and for `modelmon tag --thresholds`.", HelpName = "path" };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Binary: bootstrap resamples for 95% intervals of each threshold (0: none).", DefaultValueFactory = _ => 0, HelpName = "n" };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap.", DefaultValueFactory = _ => 0 };
        var format = Formats.Option();

        var command = new Command("threshold", """
            Choose decision thresholds from a holdout set instead of a silent 0.5: precision-recall and ROC
            summaries, the threshold of each objective and what 0.5 would have given (binary), or one
            threshold per class with the abstain rule's coverage (multi-class).
            """);
        CommandHelp.SetExamples(
            command,
            "modelmon threshold holdout.csv --score-column probability --label-column label",
            "modelmon threshold holdout.csv -s p -l y --objective f1 --objective recall-at-precision:0.95 --bootstrap 1000 -o thresholds.json",
            "modelmon threshold digits.csv --score-columns p0,p1,p2,p3,p4,p5,p6,p7,p8,p9 -l digit --format json");
        command.Arguments.Add(file);
        foreach (var option in new Option[] { labelColumn, scoreColumn, scoreColumns, classes, objectives, output, bootstrap, seed, format })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                var parsed = new List<ThresholdObjective>();
                foreach (var text in parse.GetValue(objectives) is { Length: > 0 } given ? given : ["f1"])
                {
                    if (!ObjectiveParser.TryParse(text, out var objective, out var error))
                    {
                        throw new CsvInputException(error!);
                    }

                    parsed.Add(objective!);
                }

                if (parse.GetValue(bootstrap) < 0)
                {
                    throw new CsvInputException("--bootstrap must be 0 or more.");
                }

                var csv = CsvFile.Open(parse.GetValue(file)!);
                var layout = ScoreLayout.Resolve(csv, parse.GetValue(scoreColumn), parse.GetValue(scoreColumns), parse.GetValue(classes));
                var label = csv.Column(parse.GetValue(labelColumn)!, "--label-column");
                var json = parse.GetValue(format) == Formats.Json;
                var report = layout.IsBinary
                    ? Binary(layout, label, parsed, parse.GetValue(bootstrap), parse.GetValue(seed), json)
                    : Multiclass(layout, label, parsed, json);
                stdout.Write(report.Text);
                if (parse.GetValue(output) is { } path)
                {
                    try
                    {
                        AtomicFile.WriteAllText(path, ModelMonitorJson.Serialize(report.Thresholds) + "\n");
                    }
                    catch (IOException e)
                    {
                        stderr.WriteLine($"modelmon threshold: {e.Message}");
                        return ExitCodes.Findings;
                    }

                    stderr.WriteLine($"Wrote the {ObjectiveParser.Describe(parsed[0])} thresholds to {path}.");
                }

                return ExitCodes.Success;
            }
            catch (Exception e) when (e is CsvInputException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"modelmon threshold: {e.Message}");
                return ExitCodes.UsageOrInput;
            }
        });
        return command;
    }

    private static (string Text, CalibratedThresholds Thresholds) Binary(ScoreLayout layout, int labelColumn, List<ThresholdObjective> objectives, int resamples, int seed, bool json)
    {
        var scores = new List<double>();
        var labels = new List<bool>();
        Span<double> score = stackalloc double[1];
        foreach (var row in layout.File.Rows())
        {
            if (!layout.TryScores(row, score, out var error))
            {
                throw new CsvInputException(error!);
            }

            if (score[0] is < 0 or > 1)
            {
                throw new CsvInputException($"line {row.Line}: column '{layout.File.Header[layout.Scores[0]]}' holds {score[0].ToString(CultureInfo.InvariantCulture)}, outside [0, 1]; scores must be probabilities.");
            }

            scores.Add(score[0]);
            labels.Add(ParseLabel(layout, row, labelColumn) == 1);
        }

        CheckHoldout(scores.Count, labels.Count(l => l), layout);
        var s = scores.ToArray();
        var y = labels.ToArray();
        var calibration = ThresholdCalibrator.Calibrate(s, y, objectives);
        var intervals = resamples == 0
            ? null
            : objectives.Select(o => ThresholdBootstrap.Run(s, y, o, seed, resamples)).ToList();
        var atHalf = calibration.At(0.5);
        var thresholds = calibration.ToThresholds(objectives[0]);
        return (json ? BinaryJson(calibration, intervals, atHalf) : BinaryTable(calibration, intervals, atHalf), thresholds);
    }

    private static string BinaryTable(BinaryCalibration c, List<BootstrapResult>? intervals, OperatingPoint atHalf)
    {
        var text = new StringBuilder();
        text.Append(Formats.Line($"Holdout: {c.Count} rows, {c.Positives} positive, {c.Negatives} negative. ROC AUC {c.RocAuc:0.0000}, average precision {c.AveragePrecision:0.0000}."));
        text.AppendLine();
        text.Append(Formats.Line($"{"objective",-28} {"threshold",10} {"value",8} {"precision",9} {"recall",7} {"FPR",7} {"F1",7}{(intervals is null ? "" : "  95% interval of the threshold")}"));
        for (var i = 0; i < c.Selections.Count; i++)
        {
            var s = c.Selections[i];
            var name = ObjectiveParser.Describe(s.Objective);
            if (!s.IsFeasible)
            {
                text.Append(Formats.Line($"{name,-28} infeasible: {s.Reason}"));
                continue;
            }

            var point = c.At(s.Threshold);
            var interval = intervals is null ? "" : Formats.Invariant($"  [{intervals[i].ThresholdLower:0.0000}, {intervals[i].ThresholdUpper:0.0000}]");
            text.Append(Formats.Line($"{name,-28} {s.Threshold,10:0.0000} {s.Value,8:0.0000} {point.Precision,9:0.0000} {point.Recall,7:0.0000} {point.FalsePositiveRate,7:0.0000} {point.F1,7:0.0000}{interval}"));
        }

        text.Append(Formats.Line($"{"0.5 (the usual default)",-28} {0.5,10:0.0000} {"",8} {atHalf.Precision,9:0.0000} {atHalf.Recall,7:0.0000} {atHalf.FalsePositiveRate,7:0.0000} {atHalf.F1,7:0.0000}"));
        var warnings = c.Warnings | (intervals?.Aggregate(HoldoutWarnings.None, (w, r) => w | r.Warnings) ?? HoldoutWarnings.None);
        if (warnings != HoldoutWarnings.None)
        {
            text.AppendLine();
            text.Append(Formats.Line($"Warnings: {warnings}. A threshold tuned on a small holdout, or one with few positives, may not hold in production."));
        }

        return text.ToString();
    }

    private static string BinaryJson(BinaryCalibration c, List<BootstrapResult>? intervals, OperatingPoint atHalf)
    {
        return Formats.WriteJson(w =>
        {
            w.WriteString("kind", "binary");
            w.WriteNumber("rows", c.Count);
            w.WriteNumber("positives", c.Positives);
            w.WriteNumber("negatives", c.Negatives);
            w.WriteNumber("rocAuc", c.RocAuc);
            w.WriteNumber("averagePrecision", c.AveragePrecision);
            w.WriteString("warnings", c.Warnings.ToString());
            w.WriteStartArray("objectives");
            for (var i = 0; i < c.Selections.Count; i++)
            {
                var s = c.Selections[i];
                w.WriteStartObject();
                w.WriteString("objective", ObjectiveParser.Describe(s.Objective));
                w.WriteBoolean("feasible", s.IsFeasible);
                if (s.IsFeasible)
                {
                    w.WriteNumber("threshold", s.Threshold);
                    w.WriteNumber("value", s.Value);
                    WritePoint(w, c.At(s.Threshold));
                }
                else
                {
                    w.WriteString("reason", s.Reason);
                }

                if (intervals is not null && double.IsFinite(intervals[i].ThresholdLower))
                {
                    w.WriteNumber("thresholdLower", intervals[i].ThresholdLower);
                    w.WriteNumber("thresholdUpper", intervals[i].ThresholdUpper);
                    w.WriteString("bootstrapWarnings", intervals[i].Warnings.ToString());
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("atDefaultHalf");
            w.WriteNumber("threshold", 0.5);
            WritePoint(w, atHalf);
            w.WriteEndObject();
        });
    }

    private static void WritePoint(Utf8JsonWriter w, OperatingPoint p)
    {
        w.WriteNumber("truePositives", p.TruePositives);
        w.WriteNumber("falsePositives", p.FalsePositives);
        w.WriteNumber("falseNegatives", p.FalseNegatives);
        w.WriteNumber("trueNegatives", p.TrueNegatives);
        w.WriteNumber("precision", p.Precision);
        w.WriteNumber("recall", p.Recall);
        w.WriteNumber("falsePositiveRate", p.FalsePositiveRate);
        w.WriteNumber("f1", p.F1);
    }

    private static (string Text, CalibratedThresholds Thresholds) Multiclass(ScoreLayout layout, int labelColumn, List<ThresholdObjective> objectives, bool json)
    {
        if (objectives.Count != 1)
        {
            throw new CsvInputException("A multi-class calibration takes one --objective (every class uses it).");
        }

        var k = layout.ClassCount;
        var probabilities = new List<double>();
        var labels = new List<int>();
        var row = new double[k];
        foreach (var csvRow in layout.File.Rows())
        {
            if (!layout.TryScores(csvRow, row, out var error))
            {
                throw new CsvInputException(error!);
            }

            for (var j = 0; j < k; j++)
            {
                if (row[j] is < 0 or > 1)
                {
                    throw new CsvInputException($"line {csvRow.Line}: column '{layout.File.Header[layout.Scores[j]]}' holds {row[j].ToString(CultureInfo.InvariantCulture)}, outside [0, 1]; scores must be probabilities.");
                }

                probabilities.Add(row[j]);
            }

            labels.Add(ParseLabel(layout, csvRow, labelColumn));
        }

        for (var j = 0; j < k; j++)
        {
            var count = labels.Count(l => l == j);
            if (count == 0 || count == labels.Count)
            {
                throw new CsvInputException($"Class '{layout.ClassNames[j]}' has {(count == 0 ? "no" : "every")} holdout row; every class needs positives and negatives.");
            }
        }

        var p = probabilities.ToArray();
        var y = labels.ToArray();
        var thresholds = MulticlassThresholds.Calibrate(p, y, k, objectives[0]);
        var rule = MulticlassThresholds.Evaluate(thresholds, p, y);
        var argmaxCorrect = 0;
        for (var i = 0; i < y.Length; i++)
        {
            argmaxCorrect += ModelOutput.ArgMax(p.AsSpan(i * k, k)) == y[i] ? 1 : 0;
        }

        if (json)
        {
            return (Formats.WriteJson(w =>
            {
                w.WriteString("kind", "multiclass");
                w.WriteNumber("rows", y.Length);
                w.WriteString("objective", ObjectiveParser.Describe(objectives[0]));
                w.WriteStartArray("classes");
                foreach (var c in thresholds.Classes)
                {
                    w.WriteStartObject();
                    w.WriteString("class", layout.ClassNames[c.ClassIndex]);
                    if (c.Threshold is { } t)
                    {
                        w.WriteNumber("threshold", t);
                        w.WriteNumber("value", c.Value ?? double.NaN);
                    }
                    else
                    {
                        w.WriteString("reason", c.Reason);
                    }

                    w.WriteNumber("positives", c.Positives);
                    w.WriteNumber("truePositives", c.TruePositives);
                    w.WriteNumber("falsePositives", c.FalsePositives);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNumber("ruleCoverage", rule.Coverage);
                w.WriteNumber("ruleAccuracyOnCovered", rule.Accuracy);
                w.WriteNumber("argmaxAccuracy", (double)argmaxCorrect / y.Length);
            }), thresholds);
        }

        var text = new StringBuilder();
        text.Append(Formats.Line($"Holdout: {y.Length} rows, {k} classes; one threshold per class by {ObjectiveParser.Describe(objectives[0])} (one-vs-rest)."));
        text.AppendLine();
        text.Append(Formats.Line($"{"class",-20} {"threshold",10} {"value",8} {"rows",6} {"TP",6} {"FP",6}"));
        foreach (var c in thresholds.Classes)
        {
            var name = layout.ClassNames[c.ClassIndex];
            text.Append(c.Threshold is { } t
                ? Formats.Line($"{name,-20} {t,10:0.0000} {c.Value,8:0.0000} {c.Positives,6} {c.TruePositives,6} {c.FalsePositives,6}")
                : Formats.Line($"{name,-20} infeasible: {c.Reason}"));
        }

        text.AppendLine();
        text.Append(Formats.Line($"Rule (best class that clears its threshold, else abstain): coverage {rule.Coverage:P1}, accuracy on covered rows {rule.Accuracy:P1}."));
        text.Append(Formats.Line($"Arg-max (always answer): accuracy {(double)argmaxCorrect / y.Length:P1}."));
        return (text.ToString(), thresholds);
    }

    private static int ParseLabel(ScoreLayout layout, CsvRow row, int labelColumn)
    {
        var field = row.Fields[labelColumn];
        return layout.TryLabel(field, out var label)
            ? label
            : throw new CsvInputException($"line {row.Line}: column '{layout.File.Header[labelColumn]}' holds '{field}', which is not a class ({string.Join(", ", layout.ClassNames)}) or a class index.");
    }

    private static void CheckHoldout(int rows, int positives, ScoreLayout layout)
    {
        if (rows == 0)
        {
            throw new CsvInputException("The holdout file has a header but no data rows.");
        }

        if (positives == 0 || positives == rows)
        {
            throw new CsvInputException($"Every holdout label is {(positives == 0 ? layout.ClassNames[0] : layout.ClassNames[1])}; both classes are needed to choose a threshold.");
        }
    }

}
