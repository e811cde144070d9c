using System.Buffers;
using ModelMonitor.Statistics;

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

    // The presence masks are pooled, so explaining many texts does not churn the allocator; the texts built from them are the model's input and cannot be.
    private LocalExplanation Run(Document document, int? classIndex, int seed)
    {
        var stride = (document.FeatureCount + 63) >> 6;
        var masks = ArrayPool<ulong>.Shared.Rent(_options.SampleCount * stride);
        var kept = ArrayPool<int>.Shared.Rent(_options.SampleCount);
        try
        {
            return Run(document, classIndex, seed, masks, stride, kept);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(masks);
            ArrayPool<int>.Shared.Return(kept);
        }
    }

    private LocalExplanation Run(Document document, int? classIndex, int seed, ulong[] masks, int stride, int[] kept)
    {
        var n = _options.SampleCount;
        var d = document.FeatureCount;
        var k = _predictor.ClassCount;
        var random = new SplitMix((ulong)(uint)seed);

        // One bit mask per sample, bit j set where word j is kept. The draws follow LIME's scheme
        // (k removed words, k uniform in [1, d], then a partial Fisher-Yates shuffle).
        var all = masks.AsSpan(0, stride);
        all.Fill(ulong.MaxValue);
        if ((d & 63) != 0)
        {
            all[^1] = (1UL << (d & 63)) - 1;
        }

        kept[0] = d;
        var order = new int[d];
        for (var i = 1; i < n; i++)
        {
            var row = masks.AsSpan(i * stride, stride);
            all.CopyTo(row);
            var removed = random.NextInt(1, d + 1);
            for (var j = 0; j < d; j++)
            {
                order[j] = j;
            }

            for (var j = 0; j < removed; j++)
            {
                var pick = random.NextInt(j, d);
                (order[j], order[pick]) = (order[pick], order[j]);
                row[order[j] >> 6] &= ~(1UL << (order[j] & 63));
            }

            kept[i] = d - removed;
        }

        // The kernel depends only on how many words a sample keeps: d + 1 weights, the original's 1.
        var levelWeights = new double[d + 1];
        for (var keptWords = 0; keptWords <= d; keptWords++)
        {
            var distance = (1 - Math.Sqrt((double)keptWords / d)) * 100;
            levelWeights[keptWords] = Math.Sqrt(Math.Exp(-(distance * distance) / (_options.KernelWidth * _options.KernelWidth)));
        }

        var probabilities = Predict(document, masks, stride, n, k);
        var original = probabilities.AsSpan(0, k);
        var predicted = ModelOutput.ArgMax(original);
        var target = classIndex ?? predicted;
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = probabilities[(i * k) + target];
        }

        var design = new BinaryDesign(masks, stride, d, kept.AsSpan(0, n), levelWeights, y);
        var columns = LocalModel.SelectFeatures(design, _options.FeatureCount, _options.FeatureSelection);
        var (coefficients, intercept) = design.Fit(columns, _options.RidgeAlpha);
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
            LocalPrediction = design.Predict(0, columns, coefficients, intercept),
            Intercept = intercept,
            LocalR2 = design.Score(columns, coefficients, intercept),
            Features = ordered,
            SampleCount = n,
        };
    }

    private float[] Predict(Document document, ulong[] masks, int stride, int n, int k)
    {
        var probabilities = new float[n * k];
        var batch = new List<string>(Math.Min(n, _options.BatchSize));
        for (var start = 0; start < n; start += _options.BatchSize)
        {
            var count = Math.Min(_options.BatchSize, n - start);
            batch.Clear();
            for (var i = start; i < start + count; i++)
            {
                batch.Add(i == 0 ? document.Text : document.Without(masks, i * stride, stride));
            }

            _predictor.Predict(batch, probabilities.AsSpan(start * k, count * k));
        }

        ModelOutput.Validate(probabilities, k, "perturbation");
        return probabilities;
    }

    /// <summary>A text split into words, with each word's feature (distinct word) index.</summary>
    private sealed class Document
    {
        private readonly int[] _wordStarts;
        private readonly int[] _wordLengths;
        private readonly int[] _featureOfWord;
        private readonly int[] _featureLength;

        public Document(string text)
        {
            Text = text;
            var words = TextTokenizer.Words(text);
            _wordStarts = new int[words.Count];
            _wordLengths = new int[words.Count];
            _featureOfWord = new int[words.Count];
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var features = new List<string>();
            var lengths = new List<int>();
            for (var w = 0; w < words.Count; w++)
            {
                (_wordStarts[w], _wordLengths[w]) = words[w].GetOffsetAndLength(text.Length);
                var word = text.Substring(_wordStarts[w], _wordLengths[w]);
                if (!index.TryGetValue(word, out var f))
                {
                    f = features.Count;
                    index[word] = f;
                    features.Add(word);
                    lengths.Add(0);
                }

                _featureOfWord[w] = f;
                lengths[f] += _wordLengths[w];
            }

            Features = features;
            _featureLength = [.. lengths];
        }

        public string Text { get; }

        public List<string> Features { get; }

        public int FeatureCount => Features.Count;

        /// <summary>The text without the words whose bit is clear in the mask at <paramref name="offset"/>, separators kept.</summary>
        /// <remarks>The length is known from the removed words, so the string is written once, in place.</remarks>
        public string Without(ulong[] masks, int offset, int stride)
        {
            var length = Text.Length;
            var mask = masks.AsSpan(offset, stride);
            for (var f = 0; f < _featureLength.Length; f++)
            {
                if ((mask[f >> 6] & (1UL << (f & 63))) == 0)
                {
                    length -= _featureLength[f];
                }
            }

            // Kept words and the separators between them are copied as runs: one copy per removed word, not two per word.
            return string.Create(length, (this, masks, offset), static (destination, state) =>
            {
                var (document, masks, offset) = state;
                var text = document.Text.AsSpan();
                var position = 0;
                var written = 0;
                for (var w = 0; w < document._wordStarts.Length; w++)
                {
                    var f = document._featureOfWord[w];
                    if ((masks[offset + (f >> 6)] & (1UL << (f & 63))) == 0)
                    {
                        var start = document._wordStarts[w];
                        text[position..start].CopyTo(destination[written..]);
                        written += start - position;
                        position = start + document._wordLengths[w];
                    }
                }

                text[position..].CopyTo(destination[written..]);
            });
        }
    }
}
