using System.Globalization;
using System.IO.Compression;
using Microsoft.ML;
using ModelMonitor.Explanations;
using ModelMonitor.Profiling;

namespace ModelMonitor.MLNet.Tests;

public sealed class TabularModelPredictorTests
{
    private static readonly string[] FeatureColumns = [nameof(IncomeRow.Age), nameof(IncomeRow.EducationNum), nameof(IncomeRow.HoursPerWeek), nameof(IncomeRow.Sex)];

    private static readonly Lazy<(MLContext Ml, ITransformer Model, List<IncomeRow> Rows, float[] Weights)> Trained = new(Train);

    [Fact]
    public void Predict_Batch_MatchesPredictionEngine()
    {
        var (ml, model, rows, _) = Trained.Value;
        var predictor = new TabularModelPredictor<IncomeRow>(ml, model);
        var batch = rows.Take(50).ToList();
        var probabilities = new float[2 * batch.Count];

        predictor.Predict(batch, probabilities);

        var engine = ml.Model.CreatePredictionEngine<IncomeRow, IncomePrediction>(model);
        Assert.Equal(2, predictor.ClassCount);
        for (var i = 0; i < batch.Count; i++)
        {
            var p = engine.Predict(batch[i]).Probability;
            Assert.Equal(p, probabilities[(2 * i) + 1], 1e-6);
            Assert.Equal(1 - p, probabilities[2 * i], 1e-6);
        }
    }

    [Fact]
    public void TabularLime_ThroughTheModel_GivesTheLinearModelsSigns()
    {
        // The model is a logistic regression on normalised features, so the local slope of its probability has the sign of each weight.
        var (ml, model, rows, weights) = Trained.Value;
        var reference = TabularReference.FromProfile(ReferenceProfile.FromRecords(rows), FeatureColumns);
        var sexes = reference.Features[3].Categories!;
        var predictor = new TabularModelPredictor<IncomeRow>(ml, model).ForFeatureVectors(v => new IncomeRow
        {
            Age = (float)v[0],
            EducationNum = (float)v[1],
            HoursPerWeek = (float)v[2],
            Sex = sexes[(int)v[3]],
        });
        var explainer = new LimeTabularExplainer(predictor, reference, new LimeTabularOptions { Discretize = false, FeatureSelection = FeatureSelection.All, SampleCount = 1000, StabilityRuns = 0 });
        var row = rows.First(r => r.Label && r.EducationNum >= 13);

        var e = explainer.Explain([row.Age, row.EducationNum, row.HoursPerWeek, sexes.ToList().IndexOf(row.Sex)], classIndex: 1);

        var lime = e.Features.ToDictionary(f => f.Feature, f => f.Weight, StringComparer.Ordinal);
        for (var f = 0; f < 3; f++)
        {
            // Concatenation order: Age, EducationNum, HoursPerWeek, then the sex indicators.
            Assert.True(Math.Abs(weights[f]) > 0.1, $"{FeatureColumns[f]} weight {weights[f]}");
            Assert.Equal(Math.Sign(weights[f]), Math.Sign(lime[FeatureColumns[f]]));
        }

        // Normalised by their deviation, the model's weights are per standard deviation, as continuous LIME's are: the strongest agrees.
        var strongest = Enumerable.Range(0, 3).MaxBy(f => Math.Abs(weights[f]));
        Assert.Equal(FeatureColumns[strongest], Enumerable.Range(0, 3).Select(f => FeatureColumns[f]).MaxBy(name => Math.Abs(lime[name])));
        Assert.True(e.LocalR2 > 0.5, $"R² {e.LocalR2}");
    }

    [Fact]
    public void Constructor_RowTypeTheModelCannotRead_NamesTheColumn()
    {
        var (ml, model, _, _) = Trained.Value;
        var error = Assert.Throws<ArgumentException>(() => new TabularModelPredictor<WrongRow>(ml, model));
        Assert.Contains("EducationNum", error.Message, StringComparison.Ordinal);
        Assert.Equal("model", error.ParamName);

        // A transformer that adds no Probability or Score column: the error names what it needs and lists what it has.
        var passThrough = ml.Transforms.CopyColumns("AgeCopy", nameof(IncomeRow.Age)).Fit(ml.Data.LoadFromEnumerable(Array.Empty<IncomeRow>()));
        var noScore = Assert.Throws<ArgumentException>(() => new TabularModelPredictor<IncomeRow>(ml, passThrough));
        Assert.Contains("'Score'", noScore.Message, StringComparison.Ordinal);
        Assert.Contains("'AgeCopy'", noScore.Message, StringComparison.Ordinal);
    }

    private static (MLContext, ITransformer, List<IncomeRow>, float[]) Train()
    {
        var ml = new MLContext(seed: 1);
        var rows = Read(4000);
        var pipeline = ml.Transforms.Categorical.OneHotEncoding("SexKey", nameof(IncomeRow.Sex))
            .Append(ml.Transforms.Concatenate("Features", nameof(IncomeRow.Age), nameof(IncomeRow.EducationNum), nameof(IncomeRow.HoursPerWeek), "SexKey"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        var model = pipeline.Fit(ml.Data.LoadFromEnumerable(rows));
        return (ml, model, rows, [.. model.LastTransformer.Model.SubModel.Weights]);
    }

    private static List<IncomeRow> Read(int count)
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "adult", "adult.data.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        List<IncomeRow> rows = [];
        while (rows.Count < count && reader.ReadLine() is { } line)
        {
            var f = line.Split(", ");
            if (f.Length == 15)
            {
                rows.Add(new IncomeRow
                {
                    Age = float.Parse(f[0], CultureInfo.InvariantCulture),
                    EducationNum = float.Parse(f[4], CultureInfo.InvariantCulture),
                    HoursPerWeek = float.Parse(f[12], CultureInfo.InvariantCulture),
                    Sex = f[9],
                    Label = f[14].StartsWith(">50K", StringComparison.Ordinal),
                });
            }
        }

        return rows;
    }
}

public sealed class IncomeRow
{
    public float Age { get; set; }

    public float EducationNum { get; set; }

    public float HoursPerWeek { get; set; }

    public string Sex { get; set; } = string.Empty;

    public bool Label { get; set; }
}

public sealed class IncomePrediction
{
    public float Probability { get; set; }
}

public sealed class WrongRow
{
    public float Age { get; set; }

    public string EducationNum { get; set; } = string.Empty;

    public float HoursPerWeek { get; set; }

    public string Sex { get; set; } = string.Empty;
}
