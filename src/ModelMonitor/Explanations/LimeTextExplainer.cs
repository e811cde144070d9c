using System.Buffers;
using System.Text;

namespace ModelMonitor.Explanations;

/// <summary>
/// LIME for text (Ribeiro et al., 2016), model-agnostic: removes random subsets of the words of a
/// text, asks the model about every variant in a few batched calls, and fits a weighted ridge
/// regression of the class probability on which words were present. The weights say which words
/// push the prediction towards or away from the class, near this text.
/// </summary>
/// <remarks>
/// <para>
/// Features are the distinct words (<see cref="TextTokenizer"/>); removing a word removes every
/// occurrence and keeps the separators around it. Sample 0 is the text itself; each other sample
/// removes k words, k uniform in [1, d] for d distinct words, chosen uniformly. The kernel is
/// <c>sqrt(exp(-D² / width²))</c> with D the cosine distance to the original times 100, LIME's for
/// text; the local model is a ridge regression with intercept (penalty 1 by default) on the
/// features chosen by <see cref="LimeOptions.FeatureSelection"/>.
/// </para>
/// <para>
/// Beyond LIME: the seed makes an explanation reproducible, and <see cref="LimeOptions.StabilityRuns"/>
/// re-runs it under other seeds and reports how much the chosen words agree, so an explanation that
/// is noise is flagged rather than believed. Not thread-safe through the predictor; the explainer
/// itself holds no state between calls.
/// </para>
/// </remarks>
public sealed class LimeTextExplainer
{
    private readonly IBatchPredictor<string> _predictor;
    private readonly LimeOptions _options;

    /// <summary>Creates an explainer for a model.</summary>
    /// <param name="predictor">The model.</param>
    /// <param name="options">The options; the defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="predictor"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public LimeTextExplainer(IBatchPredictor<string> predictor, LimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        _predictor = predictor;
        _options = options ?? new LimeOptions();
        _options.Validate();
    }

    /// <summary>Explains the model's probability of a class for a text.</summary>
    /// <param name="text">The text; it must hold at least one word.</param>
    /// <param name="classIndex">The class to explain; the predicted class when null.</param>
    /// <returns>The explanation.</returns>
    /// <exception cref="ArgumentException">The text has no word, or the class is out of range.</exception>
    /// <exception cref="InvalidOperationException">The model returned a probability that is NaN or outside [0, 1].</exception>
    public LocalExplanation Explain(string text, int? classIndex = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var document = new Document(text);
        if (document.FeatureCount == 0)
        {
            throw new ArgumentException("The text has no word to explain.", nameof(text));
        }

        if (classIndex is { } c && (uint)c >= (uint)_predictor.ClassCount)
        {
            throw new ArgumentException($"Class {c} is outside [0, {_predictor.ClassCount - 1}].", nameof(classIndex));
        }

        var main = Run(document, classIndex, _options.Seed);
        return LocalModel.WithStability(main, _options.StabilityRuns, _options.Seed, _options.MinimumStability, seed => Run(document, main.ClassIndex, seed));
    }

    /// <summary>Explains several texts (each with its predicted class, or the given one).</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="classIndex">The class to explain for every text; each text's predicted class when null.</param>
    /// <returns>One explanation per text, in order.</returns>
    public IReadOnlyList<LocalExplanation> ExplainMany(IEnumerable<string> texts, int? classIndex = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return [.. texts.Select(t => Explain(t, classIndex))];
    }

    // The presence matrix is n x d doubles, past the large-object threshold for a long sentence: pooled, so explaining many texts does not churn generation-2 collections.
    private LocalExplanation Run(Document document, int? classIndex, int seed)
    {
        var x = ArrayPool<double>.Shared.Rent(_options.SampleCount * document.FeatureCount);
        try
        {
            return Run(document, classIndex, seed, x);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(x);
        }
    }

    private LocalExplanation Run(Document document, int? classIndex, int seed, double[] x)
    {
        var n = _options.SampleCount;
        var d = document.FeatureCount;
        var k = _predictor.ClassCount;
        var random = new Random(seed);

        // Row-major presence matrix: 1 where the word is kept.
        x.AsSpan(0, d).Fill(1);
        var weights = new double[n];
        weights[0] = 1;
        var order = new int[d];
        for (var i = 1; i < n; i++)
        {
            var row = x.AsSpan(i * d, d);
            row.Fill(1);
            var removed = random.Next(1, d + 1);
            for (var j = 0; j < d; j++)
            {
                order[j] = j;
            }

            // A partial Fisher-Yates shuffle picks `removed` distinct words.
            for (var j = 0; j < removed; j++)
            {
                var pick = random.Next(j, d);
                (order[j], order[pick]) = (order[pick], order[j]);
                row[order[j]] = 0;
            }

            var kept = d - removed;
            var distance = (1 - Math.Sqrt((double)kept / d)) * 100;
            weights[i] = Math.Sqrt(Math.Exp(-(distance * distance) / (_options.KernelWidth * _options.KernelWidth)));
        }

        var probabilities = Predict(document, x, n, d, k);
        var original = probabilities.AsSpan(0, k);
        var predicted = ModelOutput.ArgMax(original);
        var target = classIndex ?? predicted;
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = probabilities[(i * k) + target];
        }

        var columns = LocalModel.SelectFeatures(x, d, y, weights, _options.FeatureCount, _options.FeatureSelection);
        var (coefficients, intercept) = WeightedRidge.Fit(x, d, columns, y, weights, _options.RidgeAlpha);
        var features = new FeatureWeight[columns.Length];
        for (var j = 0; j < columns.Length; j++)
        {
            features[j] = new FeatureWeight(document.Features[columns[j]], coefficients[j]);
        }

        // Largest magnitude first; the word's first position breaks ties, so the order is stable.
        var ordered = features.Select((f, j) => (f, j)).OrderByDescending(p => Math.Abs(p.f.Weight)).ThenBy(p => columns[p.j]).Select(p => p.f).ToList();
        return new LocalExplanation
        {
            Input = document.Text,
            ClassIndex = target,
            PredictedClass = predicted,
            ModelProbability = original[target],
            LocalPrediction = WeightedRidge.Predict(x.AsSpan(0, d), columns, coefficients, intercept),
            Intercept = intercept,
            LocalR2 = WeightedRidge.Score(x, d, columns, y, weights, coefficients, intercept),
            Features = ordered,
            SampleCount = n,
        };
    }

    private float[] Predict(Document document, double[] x, int n, int d, int k)
    {
        var probabilities = new float[n * k];
        var batch = new List<string>(Math.Min(n, _options.BatchSize));
        var builder = new StringBuilder(document.Text.Length);
        for (var start = 0; start < n; start += _options.BatchSize)
        {
            var count = Math.Min(_options.BatchSize, n - start);
            batch.Clear();
            for (var i = start; i < start + count; i++)
            {
                batch.Add(document.Without(x.AsSpan(i * d, d), builder));
            }

            _predictor.Predict(batch, probabilities.AsSpan(start * k, count * k));
        }

        ModelOutput.Validate(probabilities, k, "perturbation");
        return probabilities;
    }

    /// <summary>A text split into words, with each word's feature (distinct word) index.</summary>
    private sealed class Document
    {
        private readonly IReadOnlyList<Range> _words;
        private readonly int[] _featureOfWord;

        public Document(string text)
        {
            Text = text;
            _words = TextTokenizer.Words(text);
            _featureOfWord = new int[_words.Count];
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var features = new List<string>();
            for (var w = 0; w < _words.Count; w++)
            {
                var word = text[_words[w]];
                if (!index.TryGetValue(word, out var f))
                {
                    f = features.Count;
                    index[word] = f;
                    features.Add(word);
                }

                _featureOfWord[w] = f;
            }

            Features = features;
        }

        public string Text { get; }

        public List<string> Features { get; }

        public int FeatureCount => Features.Count;

        /// <summary>The text with the words whose feature is 0 in <paramref name="present"/> removed, separators kept.</summary>
        public string Without(ReadOnlySpan<double> present, StringBuilder builder)
        {
            builder.Clear();
            var position = 0;
            for (var w = 0; w < _words.Count; w++)
            {
                var (start, length) = _words[w].GetOffsetAndLength(Text.Length);
                builder.Append(Text, position, start - position);
                if (present[_featureOfWord[w]] != 0)
                {
                    builder.Append(Text, start, length);
                }

                position = start + length;
            }

            builder.Append(Text, position, Text.Length - position);
            return builder.ToString();
        }
    }
}
