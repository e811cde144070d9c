using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.ML;
using ModelMonitor.Explanations;
using ModelMonitor.MLNet;

namespace ModelMonitor.Cli.Explanations;

/// <summary><c>modelmon explain</c>: LIME explanations of sentences against a saved ML.NET text model.</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var texts = new Argument<string[]>("text") { Description = "Sentences to explain (or give --input).", Arity = ArgumentArity.ZeroOrMore };
        var input = new Option<string?>("--input", "-i") { Description = "A text file of sentences to explain, one per line (blank lines skipped).", HelpName = "path" };
        var model = new Option<string>("--model", "-m") { Description = "A saved ML.NET model (zip) that reads a text column and outputs Probability (binary) or Score (multi-class).", Required = true, HelpName = "path" };
        var textColumn = new Option<string>("--text-column") { Description = "The model's text input column.", DefaultValueFactory = _ => "Text", HelpName = "name" };
        var classIndex = new Option<int?>("--class") { Description = "The class to explain (index); each sentence's predicted class by default.", HelpName = "index" };
        var samples = new Option<int>("--samples") { Description = "Perturbations per explanation (LIME's default 5000).", DefaultValueFactory = _ => 5000 };
        var features = new Option<int>("--features") { Description = "Words to report per explanation.", DefaultValueFactory = _ => 10 };
        var stability = new Option<int>("--stability-runs") { Description = "Extra runs under other seeds to measure stability (0: none).", DefaultValueFactory = _ => 2 };
        var seed = new Option<int>("--seed") { Description = "Seed of the perturbations.", DefaultValueFactory = _ => 0 };
        var format = Formats.Option();
        var command = new Command("explain", """
            Explain a text model's predictions with LIME: which words push each sentence towards or away from
            the class, how well the local model fits (R²), and whether the explanation is stable across seeds.
            """);
        CommandHelp.SetExamples(
            command,
            "modelmon demo    # writes modelmon-demo/model.zip",
            "modelmon explain \"The pizza was great but the service was slow\" --model modelmon-demo/model.zip",
            "modelmon explain \"Awful.\" \"Loved it!\" -m model.zip --class 1 --samples 2000 --format json",
            "modelmon explain --input reviews.txt -m model.zip --stability-runs 0 --format json > explanations.json");
        command.Arguments.Add(texts);
        foreach (var option in new Option[] { input, model, textColumn, classIndex, samples, features, stability, seed, format })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var sentences = new List<string>(parse.GetValue(texts) ?? []);
            if (!parse.Tokens.Any(t => t.Type == TokenType.DoubleDash) && sentences.FirstOrDefault(t => t.StartsWith('-')) is { } unknown)
            {
                // The sentences argument takes any token, so a mistyped option would be explained as text.
                stderr.WriteLine($"modelmon explain: Unrecognized command or argument '{unknown}'. To explain a sentence that starts with '-', put it after '--'.");
                return ExitCodes.UsageOrInput;
            }

            if (parse.GetValue(input) is { } inputPath)
            {
                if (!File.Exists(inputPath))
                {
                    stderr.WriteLine($"modelmon explain: the input '{inputPath}' does not exist.");
                    return ExitCodes.UsageOrInput;
                }

                sentences.AddRange(File.ReadLines(inputPath).Where(line => !string.IsNullOrWhiteSpace(line)));
            }

            if (sentences.Count == 0)
            {
                stderr.WriteLine("modelmon explain: give sentences to explain, as arguments or with --input.");
                return ExitCodes.UsageOrInput;
            }

            var path = parse.GetValue(model)!;
            if (!File.Exists(path))
            {
                stderr.WriteLine($"modelmon explain: the model '{path}' does not exist.");
                return ExitCodes.UsageOrInput;
            }

            LimeTextExplainer explainer;
            try
            {
                var ml = new MLContext(seed: 0);
                var transformer = ml.Model.Load(path, out _);
                explainer = new LimeTextExplainer(
                    new TextModelPredictor(ml, transformer, parse.GetValue(textColumn)!),
                    new LimeOptions
                    {
                        SampleCount = parse.GetValue(samples),
                        FeatureCount = parse.GetValue(features),
                        StabilityRuns = parse.GetValue(stability),
                        Seed = parse.GetValue(seed),
                    });
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or InvalidDataException)
            {
                stderr.WriteLine($"modelmon explain: cannot use the model '{path}': {e.Message}");
                return ExitCodes.UsageOrInput;
            }

            var results = new List<LocalExplanation>();
            var progress = ProgressReporter.For(stderr, "explaining");
            foreach (var text in sentences)
            {
                try
                {
                    results.Add(explainer.Explain(text, parse.GetValue(classIndex)));
                }
                catch (ArgumentException e)
                {
                    stderr.WriteLine($"modelmon explain: \"{text}\": {e.Message}");
                    return ExitCodes.UsageOrInput;
                }

                progress.Report(results.Count / (double)sentences.Count, Formats.Invariant($"{results.Count} of {sentences.Count} sentences"));
            }

            progress.Done(Formats.Invariant($"{results.Count} sentences in {progress.Elapsed.TotalSeconds:0.0} s"));
            stdout.Write(parse.GetValue(format) == Formats.Json ? Json(results) : Table(results));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Table(List<LocalExplanation> results)
    {
        var text = new System.Text.StringBuilder();
        foreach (var e in results)
        {
            var stability = e.Stability is { } s ? Formats.Invariant($"{s:0.00}") + (e.IsUnstable ? " (UNSTABLE: do not trust the details)" : string.Empty) : "not measured";
            text.Append(Formats.Line($"\"{e.Input}\""));
            text.Append(Formats.Line($"  class {e.ClassIndex} (predicted {e.PredictedClass}): model p = {e.ModelProbability:0.000}, local model {e.LocalPrediction:0.000}, R² {e.LocalR2:0.00}, stability {stability}"));
            var largest = e.Features.Count == 0 ? 1 : e.Features.Max(f => Math.Abs(f.Weight));
            foreach (var f in e.Features)
            {
                var bar = new string(f.Weight >= 0 ? '+' : '-', (int)Math.Round(20 * Math.Abs(f.Weight) / largest));
                text.Append(Formats.Line($"  {f.Feature,-20} {f.Weight,8:+0.000;-0.000}  {bar}"));
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Json(List<LocalExplanation> results) => Formats.WriteJson(w =>
    {
        w.WriteStartArray("explanations");
        foreach (var e in results)
        {
            w.WriteStartObject();
            w.WriteString("text", e.Input);
            w.WriteNumber("class", e.ClassIndex);
            w.WriteNumber("predictedClass", e.PredictedClass);
            w.WriteNumber("modelProbability", e.ModelProbability);
            w.WriteNumber("localPrediction", e.LocalPrediction);
            w.WriteNumber("intercept", e.Intercept);
            w.WriteNumber("localR2", e.LocalR2);
            if (e.Stability is { } s)
            {
                w.WriteNumber("stability", s);
                w.WriteBoolean("unstable", e.IsUnstable);
            }

            w.WriteStartArray("features");
            foreach (var f in e.Features)
            {
                w.WriteStartObject();
                w.WriteString("word", f.Feature);
                w.WriteNumber("weight", f.Weight);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });
}
