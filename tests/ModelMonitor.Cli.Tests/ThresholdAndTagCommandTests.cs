using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ModelMonitor.Cli.Csv;
using ModelMonitor.Serialization;
using ModelMonitor.Thresholds;

namespace ModelMonitor.Cli.Tests;

public sealed class ThresholdAndTagCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "modelmon-threshold-tests-" + Guid.NewGuid().ToString("N"));
    private readonly double[] _scores;
    private readonly bool[] _labels;
    private readonly string _binaryCsv;

    public ThresholdAndTagCommandTests()
    {
        Directory.CreateDirectory(_folder);
        var random = new Random(11);
        _scores = new double[400];
        _labels = new bool[400];
        var lines = new List<string> { "id,probability,label,country" };
        for (var i = 0; i < _scores.Length; i++)
        {
            // Scores rounded to 3 decimals so ties occur; the label is drawn with the score as its chance.
            _scores[i] = Math.Round(random.NextDouble(), 3);
            _labels[i] = random.NextDouble() < _scores[i];
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"s{i},{_scores[i]},{(_labels[i] ? "yes" : "no")},{(i % 3 == 0 ? "\"Bosnia, Herzegovina\"" : "FR")}"));
        }

        _binaryCsv = Write("binary.csv", lines);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Threshold_BinaryJson_MatchesTheLibraryAndCountsAtHalf()
    {
        var (code, output, _) = Invoke("threshold", _binaryCsv, "-s", "probability", "-l", "label", "--objective", "f1", "--objective", "recall-at-precision:0.8", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(400, root.GetProperty("rows").GetInt32());
        Assert.Equal(_labels.Count(l => l), root.GetProperty("positives").GetInt32());
        var objectives = root.GetProperty("objectives");
        var f1 = ThresholdCalibrator.Select(_scores, _labels, ThresholdObjective.F1);
        var rap = ThresholdCalibrator.Select(_scores, _labels, ThresholdObjective.RecallAtPrecision(0.8));
        Assert.Equal(f1.Threshold, objectives[0].GetProperty("threshold").GetDouble());
        Assert.Equal(rap.IsFeasible, objectives[1].GetProperty("feasible").GetBoolean());
        var half = root.GetProperty("atDefaultHalf");
        Assert.Equal(Enumerable.Range(0, 400).Count(i => _scores[i] >= 0.5 && _labels[i]), half.GetProperty("truePositives").GetInt32());
        Assert.Equal(Enumerable.Range(0, 400).Count(i => _scores[i] >= 0.5 && !_labels[i]), half.GetProperty("falsePositives").GetInt32());
    }

    [Fact]
    public void Threshold_Output_WritesBinaryThresholdsForServing()
    {
        var path = Path.Combine(_folder, "t.json");
        var (code, output, error) = Invoke("threshold", _binaryCsv, "-s", "probability", "-l", "label", "--objective", "youden", "--bootstrap", "50", "-o", path);

        Assert.Equal(0, code);
        Assert.Contains("0.5 (the usual default)", output, StringComparison.Ordinal);
        Assert.Contains("95% interval", output, StringComparison.Ordinal);
        Assert.Contains(path, error, StringComparison.Ordinal);
        var thresholds = ModelMonitorJson.DeserializeThresholds(File.ReadAllText(path));
        Assert.True(thresholds.IsBinary);
        Assert.Equal(ThresholdCalibrator.Select(_scores, _labels, ThresholdObjective.YoudenJ).Threshold, thresholds.Classes[1].Threshold);
    }

    [Fact]
    public void Threshold_Multiclass_ReportsEveryClassAndTheRuleCoverage()
    {
        var csv = MulticlassCsv(out var probabilities, out var labels);
        var (code, output, _) = Invoke("threshold", csv, "--score-columns", "cat,dog,bird", "-l", "animal", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var expected = MulticlassThresholds.Calibrate(probabilities, labels, 3, ThresholdObjective.F1);
        var classes = json.RootElement.GetProperty("classes");
        Assert.Equal(3, classes.GetArrayLength());
        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(expected.Classes[k].Threshold, classes[k].GetProperty("threshold").GetDouble());
        }

        Assert.Equal(MulticlassThresholds.Evaluate(expected, probabilities, labels).Coverage, json.RootElement.GetProperty("ruleCoverage").GetDouble());
    }

    [Theory]
    [InlineData("nope", "label", "'nope'")]
    [InlineData("probability", "missing", "'missing'")]
    public void Threshold_MissingColumn_ExitsTwoNamingIt(string score, string label, string named)
    {
        var (code, _, error) = Invoke("threshold", _binaryCsv, "-s", score, "-l", label);
        Assert.Equal(2, code);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5", "yes", "line 3", "outside [0, 1]")]
    [InlineData("abc", "yes", "line 3", "not a number")]
    [InlineData("0.4", "maybe", "line 3", "'maybe'")]
    public void Threshold_BadValue_ExitsTwoNamingTheLine(string score, string label, string line, string what)
    {
        var csv = Write("bad.csv", ["id,probability,label", "a,0.2,no", $"b,{score},{label}", "c,0.9,yes"]);
        var (code, _, error) = Invoke("threshold", csv, "-s", "probability", "-l", "label");
        Assert.Equal(2, code);
        Assert.Contains(line, error, StringComparison.Ordinal);
        Assert.Contains(what, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("f3")]
    [InlineData("recall-at-precision:1.5")]
    [InlineData("min-cost:1")]
    public void Threshold_BadObjective_ExitsTwo(string objective)
    {
        var (code, _, error) = Invoke("threshold", _binaryCsv, "-s", "probability", "-l", "label", "--objective", objective);
        Assert.Equal(2, code);
        Assert.Contains(objective, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_BinaryWithoutPredictedClassOrThresholds_RefusesToAssumeHalf()
    {
        var (code, _, error) = Invoke("tag", _binaryCsv, "-i", "id", "-s", "probability");
        Assert.Equal(2, code);
        Assert.Contains("0.5", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_LeastConfident_PicksTheScoresClosestToHalfAndWritesQuotedCsv()
    {
        var thresholdsPath = Path.Combine(_folder, "half.json");
        File.WriteAllText(thresholdsPath, ModelMonitorJson.Serialize(CalibratedThresholds.FromBinary(
            new ThresholdSelection { Objective = ThresholdObjective.F1, IsFeasible = true, Threshold = 0.5 }, 1, 1)));
        var queuePath = Path.Combine(_folder, "queue.csv");

        var (code, _, _) = Invoke("tag", _binaryCsv, "-i", "id", "-s", "probability", "-t", thresholdsPath, "--cohort-column", "country", "-n", "10", "-o", queuePath);

        Assert.Equal(0, code);
        var rows = CsvFile.Open(queuePath).Rows().ToList();
        Assert.Equal(10, rows.Count);
        // Brute force: the ten least confident, earlier rows first on ties (the selector keeps the first arrival).
        var expected = Enumerable.Range(0, _scores.Length)
            .OrderBy(i => Math.Max(_scores[i], 1 - _scores[i]))
            .ThenBy(i => i)
            .Take(10)
            .Select(i => $"s{i}");
        Assert.Equal(expected, rows.Select(r => r.Fields[1]));
        Assert.Contains(rows, r => r.Fields[6] == "Bosnia, Herzegovina");
    }

    [Fact]
    public void Tag_NearThreshold_KeepsOnlyRowsWithinDelta()
    {
        var thresholdsPath = Path.Combine(_folder, "t.json");
        Assert.Equal(0, Invoke("threshold", _binaryCsv, "-s", "probability", "-l", "label", "-o", thresholdsPath).Code);
        var t = ModelMonitorJson.DeserializeThresholds(File.ReadAllText(thresholdsPath)).Classes[1].Threshold!.Value;

        var (code, output, _) = Invoke("tag", _binaryCsv, "-i", "id", "-s", "probability", "-t", thresholdsPath, "--selector", "near-threshold:0.01", "-n", "400", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var ids = json.RootElement.GetProperty("queue").EnumerateArray().Select(q => q.GetProperty("id").GetString()!).ToHashSet();
        // float scores: allow the float rounding of the distance at the edge of the band.
        var inside = Enumerable.Range(0, _scores.Length).Where(i => Math.Abs(_scores[i] - t) <= 0.01 - 1e-6).Select(i => $"s{i}");
        var outside = Enumerable.Range(0, _scores.Length).Where(i => Math.Abs(_scores[i] - t) > 0.01 + 1e-6).Select(i => $"s{i}");
        Assert.Superset(inside.ToHashSet(), ids);
        Assert.Empty(ids.Intersect(outside));
    }

    [Fact]
    public void Tag_UnreadableRows_AreSkippedAndReportedWithTheirLines()
    {
        var csv = Write("messy.csv", ["id,probability,predicted", "a,0.51,1", "b,oops,1", "c,0.7,1", "d,0.45,7", "e,0.3,0"]);
        var (code, output, error) = Invoke("tag", csv, "-i", "id", "-s", "probability", "--predicted-column", "predicted", "-n", "5");

        Assert.Equal(0, code);
        Assert.Contains("line 3", error, StringComparison.Ordinal);
        Assert.Contains("line 5", error, StringComparison.Ordinal);
        Assert.Contains("2 unreadable", output, StringComparison.Ordinal);
        Assert.DoesNotContain(" b ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_BelowThresholdButCorrect_Multiclass_UsesTheModelsArgMax()
    {
        var csv = MulticlassCsv(out var probabilities, out var labels);
        var thresholdsPath = Path.Combine(_folder, "mc.json");
        Assert.Equal(0, Invoke("threshold", csv, "--score-columns", "cat,dog,bird", "-l", "animal", "-o", thresholdsPath).Code);
        var thresholds = ModelMonitorJson.DeserializeThresholds(File.ReadAllText(thresholdsPath));

        var (code, output, _) = Invoke("tag", csv, "-i", "id", "--score-columns", "cat,dog,bird", "-l", "animal", "-t", thresholdsPath, "--selector", "below-threshold-correct", "-n", "1000", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var expected = Enumerable.Range(0, labels.Length).Where(i =>
        {
            var row = probabilities.AsSpan(i * 3, 3);
            var argMax = row.IndexOf(Max(row));
            return argMax == labels[i] && (float)row[argMax] < thresholds.Classes[argMax].Threshold;
        }).Select(i => $"m{i}").ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, json.RootElement.GetProperty("queue").EnumerateArray().Select(q => q.GetProperty("id").GetString()!).ToHashSet());
    }

    private static double Max(ReadOnlySpan<double> values)
    {
        var max = values[0];
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }

    private string MulticlassCsv(out double[] probabilities, out int[] labels)
    {
        var random = new Random(3);
        string[] names = ["cat", "dog", "bird"];
        probabilities = new double[300 * 3];
        labels = new int[300];
        var lines = new List<string> { "id,cat,dog,bird,animal" };
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = i % 3;
            // Softmax of noisy logits that favour the true class: a model that is right most of the time.
            var logits = new double[3];
            for (var k = 0; k < 3; k++)
            {
                logits[k] = (k == labels[i] ? 1.5 : 0) + (2 * random.NextDouble());
            }

            var sum = logits.Sum(Math.Exp);
            for (var k = 0; k < 3; k++)
            {
                // Stored as written to the CSV (float precision), so the library sees what the command reads.
                probabilities[(i * 3) + k] = (float)Math.Round(Math.Exp(logits[k]) / sum, 4);
            }

            lines.Add(string.Create(CultureInfo.InvariantCulture, $"m{i},{probabilities[i * 3]:R},{probabilities[(i * 3) + 1]:R},{probabilities[(i * 3) + 2]:R},{names[labels[i]]}"));
        }

        return Write("multiclass.csv", lines);
    }

    private string Write(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliCommands.CreateRoot(_ => throw new InvalidOperationException("The demo must not run.")).Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
