using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using ModelMonitor.Cli.Demo;
using ModelMonitor.MLNet;
using ModelMonitor.Profiling;
using ModelMonitor.Serialization;
using ModelMonitor.Thresholds;

namespace ModelMonitor.Cli.Tests;

/// <summary>profile, validate and project on the Adult census records, through the command line as a user runs them.</summary>
public sealed class AdultCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("modelmon-adult-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Profile_BundledGzipWithoutHeader_JsonCountsRowsKindsAndMissingAndWritesTheSchema()
    {
        // The file as UCI ships it: no header, ", " between fields (spaces are trimmed), "?" for missing.
        var gz = Path.Combine(AppContext.BaseDirectory, "Data", "adult", "adult.data.gz");
        var profilePath = Path.Combine(_dir, "profile.json");
        var schemaPath = Path.Combine(_dir, "schema.json");

        var (code, output, error) = CliRunner.Invoke("profile", gz, "--no-header", "--missing", "?", "--label", "column15", "--format", "json", "-o", profilePath, "--schema-output", schemaPath);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(AdultCsv.Rows.Length, root.GetProperty("rows").GetInt32());
        var columns = root.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(Enumerable.Range(1, 15).Select(i => $"column{i}"), columns.Keys);
        Assert.Equal(nameof(ColumnKind.Integer), columns["column1"].GetProperty("kind").GetString());
        Assert.Equal(nameof(ColumnKind.Categorical), columns["column2"].GetProperty("kind").GetString());
        Assert.Equal(AdultCsv.Rows.Count(r => r[13] == "?"), columns["column14"].GetProperty("missing").GetInt32());
        Assert.Equal(AdultCsv.Rows.Min(r => int.Parse(r[0], CultureInfo.InvariantCulture)), columns["column1"].GetProperty("min").GetDouble());
        Assert.Equal(AdultCsv.Rows.Count(r => r[14] == ">50K"), root.GetProperty("labelDistribution").EnumerateArray().Single(v => v.GetProperty("value").GetString() == ">50K").GetProperty("count").GetInt32());
        Assert.Equal(AdultCsv.Rows.Length, ReferenceProfile.FromJson(File.ReadAllText(profilePath)).RowCount);
        Assert.Contains(schemaPath, error, StringComparison.Ordinal);
        Assert.Equal(["profile.json", "schema.json"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_WomenAgainstTheSchemaOfMen_FindsTheNewCategoryAndFailOnDecidesTheExitCode()
    {
        var men = AdultCsv.Write(_dir, "men.csv", AdultCsv.Rows.Where(r => r[9] == "Male"));
        var women = AdultCsv.Write(_dir, "women.csv", AdultCsv.Rows.Where(r => r[9] == "Female"));
        var moreMen = AdultCsv.Write(_dir, "more-men.csv", AdultCsv.Rows.Where(r => r[9] == "Male").Take(2000));
        var schema = Path.Combine(_dir, "schema.json");
        Assert.Equal(0, CliRunner.Invoke("profile", men, "--schema-output", schema).Code);

        var failing = CliRunner.Invoke("validate", "--schema", schema, women, "--format", "json");
        var tolerant = CliRunner.Invoke("validate", "--schema", schema, women, "--fail-on", "none");
        var clean = CliRunner.Invoke("validate", "-s", schema, moreMen, "--fail-on", "error");

        Assert.Equal(1, failing.Code);
        using var json = JsonDocument.Parse(failing.Output);
        var sex = json.RootElement.GetProperty("violations").EnumerateArray().Single(v => v.TryGetProperty("column", out var c) && c.GetString() == "sex");
        Assert.Equal("Female", sex.GetProperty("examples")[0].GetString());
        Assert.Equal(AdultCsv.Rows.Count(r => r[9] == "Female"), sex.GetProperty("count").GetInt32());
        Assert.Equal(0, tolerant.Code);
        Assert.Contains("violation(s)", tolerant.Output, StringComparison.Ordinal);
        Assert.Equal(0, clean.Code);
    }

    [Fact]
    public void Validate_MissingSchemaOrStrictMalformedLine_ExitsTwoNamingTheFile()
    {
        var rows = AdultCsv.Rows.Take(20).ToList();
        rows[4] = rows[4][..3];
        var broken = AdultCsv.Write(_dir, "broken.csv", rows);
        var schema = Path.Combine(_dir, "schema.json");
        Assert.Equal(0, CliRunner.Invoke("profile", AdultCsv.Write(_dir, "ok.csv", AdultCsv.Rows.Take(20)), "--schema-output", schema).Code);

        var noSchema = CliRunner.Invoke("validate", "-s", Path.Combine(_dir, "none.json"), broken);
        var strict = CliRunner.Invoke("validate", "-s", schema, broken, "--strict");

        Assert.Equal(2, noSchema.Code);
        Assert.Contains("none.json' does not exist", noSchema.Error, StringComparison.Ordinal);
        Assert.Equal(2, strict.Code);
        Assert.Equal($"modelmon validate: '{broken}': CSV line 6: 3 fields where the header has 15.", strict.Error.Trim());
    }

    [Fact]
    public void Project_AdultNumericColumns_PointsPerIncomeClass()
    {
        var numeric = new[] { 0, 2, 4, 10, 11, 12 };
        var sample = AdultCsv.Rows.Take(600).ToArray();
        var path = Path.Combine(_dir, "vectors.csv");
        File.WriteAllLines(path, [
            string.Join(',', numeric.Select(i => AdultCsv.Columns[i]).Append("income")),
            .. sample.Select(r => string.Join(',', numeric.Select(i => r[i]).Append(r[14]))),
        ]);
        var points = Path.Combine(_dir, "points.json");

        var (code, output, _) = CliRunner.Invoke("project", path, "--label-column", "income", "-o", points, "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var groups = json.RootElement.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("label").GetString()!, g => g.GetProperty("count").GetInt32());
        Assert.Equal(sample.Count(r => r[14] == "<=50K"), groups["<=50K"]);
        Assert.Equal(sample.Count(r => r[14] == ">50K"), groups[">50K"]);
        using var saved = JsonDocument.Parse(File.ReadAllText(points));
        Assert.Equal(600, saved.RootElement.GetProperty("points").GetArrayLength());
    }
}

/// <summary>threshold, tag and explain on the demo's sentiment model scoring the real Yelp reviews.</summary>
[Collection(DemoTests.Name)]
public sealed class SentimentCommandTests(DemoFixture fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("modelmon-sentiment-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ThresholdThenTag_YelpScores_TagsOnlyReviewsNearTheCalibratedThreshold()
    {
        var (scores, labels, csv) = ScoreYelp();
        var thresholds = Path.Combine(_dir, "thresholds.json");
        var queue = Path.Combine(_dir, "queue.csv");

        var calibrated = CliRunner.Invoke("threshold", csv, "-s", "probability", "-l", "label", "--objective", "f1", "-o", thresholds, "--format", "json");
        var tagged = CliRunner.Invoke("tag", csv, "-i", "id", "-s", "probability", "-l", "label", "-t", thresholds, "--selector", "near-threshold:0.05", "-n", "15", "-o", queue, "--format", "json");

        Assert.Equal(0, calibrated.Code);
        var expected = ThresholdCalibrator.Select(scores, labels, ThresholdObjective.F1).Threshold;
        var threshold = ModelMonitorJson.DeserializeThresholds(File.ReadAllText(thresholds)).Classes[1].Threshold!.Value;
        Assert.Equal(expected, threshold);
        Assert.Equal(0, tagged.Code);
        using var json = JsonDocument.Parse(tagged.Output);
        var ids = json.RootElement.GetProperty("queue").EnumerateArray().Select(q => q.GetProperty("id").GetString()!).ToList();
        Assert.Equal(Math.Min(15, scores.Count(s => Math.Abs(s - threshold) <= 0.05)), ids.Count);
        Assert.All(ids, id => Assert.True(Math.Abs(scores[int.Parse(id[1..], CultureInfo.InvariantCulture)] - threshold) <= 0.05, id));
        Assert.Equal(ids.Count + 1, File.ReadAllLines(queue).Length);
    }

    [Fact]
    public void Explain_InputFileOfYelpReviews_ExplainsEveryLine()
    {
        var reviews = SentimentData.LoadEmbedded(SentimentData.YelpFile).Take(3).Select(s => s.Text).ToList();
        var input = Path.Combine(_dir, "reviews.txt");
        File.WriteAllLines(input, [reviews[0], "", reviews[1], reviews[2]]);

        var (code, output, _) = CliRunner.Invoke("explain", "--input", input, "-m", fixture.Result.ModelPath, "--samples", "300", "--stability-runs", "0", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(reviews, json.RootElement.GetProperty("explanations").EnumerateArray().Select(e => e.GetProperty("text").GetString()));
    }

    private (double[] Scores, bool[] Labels, string Csv) ScoreYelp()
    {
        var yelp = SentimentData.LoadEmbedded(SentimentData.YelpFile);
        var ml = new MLContext(seed: 0);
        var predictor = new TextModelPredictor(ml, ml.Model.Load(fixture.Result.ModelPath, out _));
        var probabilities = new float[yelp.Count * 2];
        predictor.Predict([.. yelp.Select(s => s.Text)], probabilities);
        var scores = Enumerable.Range(0, yelp.Count).Select(i => (double)probabilities[(2 * i) + 1]).ToArray();
        var labels = yelp.Select(s => s.Label).ToArray();
        var path = Path.Combine(_dir, "yelp-scores.csv");
        File.WriteAllLines(path, [
            "id,probability,label",
            .. Enumerable.Range(0, yelp.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"y{i},{scores[i]:R},{(labels[i] ? 1 : 0)}")),
        ]);
        return (scores, labels, path);
    }
}
