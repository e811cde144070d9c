using System.Globalization;
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace ModelMonitor.MLNet.Tests;

/// <summary>Small real models trained once per test run: sentiment (binary, UCI sentences) and Adult relationship (multi-class).</summary>
internal static class TrainedModels
{
    private static readonly Lazy<(MLContext Ml, ITransformer Model, IDataView Serving)> SentimentModel = new(TrainSentiment);
    private static readonly Lazy<(MLContext Ml, ITransformer Model, IDataView Serving)> AdultModel = new(TrainAdult);

    public static (MLContext Ml, ITransformer Model, IDataView Serving) Sentiment => SentimentModel.Value;

    public static (MLContext Ml, ITransformer Model, IDataView Serving) Adult => AdultModel.Value;

    public static IEstimator<ITransformer> SentimentPipeline(MLContext ml) =>
        ml.Transforms.Text.FeaturizeText("Features", nameof(SentenceRow.Text))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 20));

    public static IDataView Sentences(MLContext ml, string file)
    {
        var source = file.StartsWith("amazon", StringComparison.Ordinal) ? "amazon" : "yelp";
        var rows = SentimentFiles.Read(file).Select(r => new SentenceRow { Text = r.Text, Label = r.Label, Source = source }).ToList();
        return ml.Data.LoadFromEnumerable(rows);
    }

    public static List<AdultRow> AdultRows(int count)
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "adult", "adult.data.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        List<AdultRow> rows = [];
        while (rows.Count < count && reader.ReadLine() is { } line)
        {
            var f = line.Split(", ");
            if (f.Length < 15)
            {
                continue;
            }

            rows.Add(new AdultRow
            {
                Age = float.Parse(f[0], CultureInfo.InvariantCulture),
                EducationNum = float.Parse(f[4], CultureInfo.InvariantCulture),
                MaritalStatus = f[5],
                Relationship = f[7],
                Sex = f[9],
                HoursPerWeek = float.Parse(f[12], CultureInfo.InvariantCulture),
            });
        }

        return rows;
    }

    private static (MLContext, ITransformer, IDataView) TrainSentiment()
    {
        var ml = new MLContext(seed: 1);
        var model = SentimentPipeline(ml).Fit(Sentences(ml, "amazon_cells_labelled.txt"));
        return (ml, model, Sentences(ml, "yelp_labelled.txt"));
    }

    private static (MLContext, ITransformer, IDataView) TrainAdult()
    {
        var ml = new MLContext(seed: 1);
        var rows = AdultRows(4000);
        var train = ml.Data.LoadFromEnumerable(rows.Take(3000));
        var serving = ml.Data.LoadFromEnumerable(rows.Skip(3000));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(AdultRow.Relationship))
            .Append(ml.Transforms.Categorical.OneHotEncoding([new("SexKey", nameof(AdultRow.Sex)), new("MaritalKey", nameof(AdultRow.MaritalStatus))]))
            .Append(ml.Transforms.Concatenate("Features", nameof(AdultRow.Age), nameof(AdultRow.EducationNum), nameof(AdultRow.HoursPerWeek), "SexKey", "MaritalKey"))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 20));
        return (ml, pipeline.Fit(train), serving);
    }
}

public sealed class SentenceRow
{
    public string Text { get; set; } = string.Empty;

    public bool Label { get; set; }

    public string Source { get; set; } = string.Empty;
}

public sealed class SentimentPrediction
{
    public bool PredictedLabel { get; set; }

    public float Probability { get; set; }
}

public sealed class AdultRow
{
    public float Age { get; set; }

    public float EducationNum { get; set; }

    public float HoursPerWeek { get; set; }

    public string Sex { get; set; } = string.Empty;

    public string MaritalStatus { get; set; } = string.Empty;

    public string Relationship { get; set; } = string.Empty;
}

public sealed class AdultPrediction
{
    [ColumnName("PredictedLabel")]
    public uint PredictedKey { get; set; }

    public float[] Score { get; set; } = [];
}
