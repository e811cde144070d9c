using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using ModelMonitor.Explanations;
using ModelMonitor.MLNet;

namespace ModelMonitor.Benchmarks;

/// <summary>
/// One LIME text explanation with 5000 perturbations against a real ML.NET sentiment model
/// (FeaturizeText + SDCA logistic regression trained on the bundled Amazon reviews). The baseline
/// is the model alone scoring 5000 perturbed texts in one batch; the explainer's own cost
/// (sampling, building texts, weighted ridge and feature selection) is measured with a model that
/// costs nearly nothing (a length-based score, so the ridge still has something to fit), written
/// straight into the output span so that the stand-in allocates nothing and the measurement is the
/// explainer's own. The delegate-based stand-in (5000 small arrays per call) is kept for comparison
/// with earlier measurements.
/// </summary>
[MemoryDiagnoser]
public class LimeBenchmarks
{
    private const string Sentence = "The food was great but the service was slow and the waiter forgot our drinks.";

    private TextModelPredictor _predictor = null!;
    private LimeTextExplainer _explainer = null!;
    private LimeTextExplainer _explainerOnly = null!;
    private LimeTextExplainer _explainerOnlyDelegate = null!;
    private List<string> _perturbed = [];
    private float[] _probabilities = [];

    [GlobalSetup]
    public void Setup()
    {
        var ml = new MLContext(seed: 0);
        var rows = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "sentiment", "amazon_cells_labelled.txt"))
            .Where(line => line.Contains('\t'))
            .Select(line => new Review { Text = line[..line.LastIndexOf('\t')], Label = line[(line.LastIndexOf('\t') + 1)..].Trim() == "1" })
            .ToList();
        var model = ml.Transforms.Text.FeaturizeText("Features", nameof(Review.Text))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())
            .Fit(ml.Data.LoadFromEnumerable(rows));
        _predictor = new TextModelPredictor(ml, model);
        _explainer = new LimeTextExplainer(_predictor, new LimeOptions { SampleCount = 5000, StabilityRuns = 0 });

        // A model that costs nothing: what is left is the explainer's own work.
        _explainerOnly = new LimeTextExplainer(new LengthModel(), new LimeOptions { SampleCount = 5000, StabilityRuns = 0 });
        var constant = new DelegateBatchPredictor<string>(2, texts => [.. texts.Select(t => new[] { 0.5f - (t.Length % 7 * 0.01f), 0.5f + (t.Length % 7 * 0.01f) })]);
        _explainerOnlyDelegate = new LimeTextExplainer(constant, new LimeOptions { SampleCount = 5000, StabilityRuns = 0 });

        // The same kind of texts the explainer sends: random subsets of the sentence's words.
        var words = TextTokenizer.Words(Sentence).Select(r => Sentence[r]).ToArray();
        var random = new Random(1);
        _perturbed = [.. Enumerable.Range(0, 5000).Select(_ => string.Join(' ', words.Where(_ => random.Next(2) == 0)))];
        _probabilities = new float[2 * _perturbed.Count];
    }

    [Benchmark(Baseline = true)]
    public float ModelOnly5000Texts()
    {
        _predictor.Predict(_perturbed, _probabilities);
        return _probabilities[1];
    }

    [Benchmark]
    public double ExplainOneText5000Perturbations() => _explainer.Explain(Sentence, classIndex: 1).Features[0].Weight;

    [Benchmark]
    public double ExplainerOnlyNearlyFreeModel() => _explainerOnly.Explain(Sentence, classIndex: 1).Features[0].Weight;

    [Benchmark]
    public double ExplainerOnlyDelegateModel() => _explainerOnlyDelegate.Explain(Sentence, classIndex: 1).Features[0].Weight;

    /// <summary>The same length-based score as the delegate, without allocating.</summary>
    private sealed class LengthModel : IBatchPredictor<string>
    {
        public int ClassCount => 2;

        public void Predict(IReadOnlyList<string> inputs, Span<float> probabilities)
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var shift = inputs[i].Length % 7 * 0.01f;
                probabilities[2 * i] = 0.5f - shift;
                probabilities[(2 * i) + 1] = 0.5f + shift;
            }
        }
    }

    public sealed class Review
    {
        public string Text { get; set; } = "";

        public bool Label { get; set; }
    }
}
