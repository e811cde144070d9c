namespace ModelMonitor.Cli.Projection;

/// <summary>
/// An offline sentence embedding: hashed word unigrams, word bigrams and character trigrams, L2-normalised.
/// Deterministic (FNV-1a, not <see cref="string.GetHashCode()"/>, which changes per process) and dependency-free, so
/// the demo and its tests need no model download.
/// </summary>
internal static class SentenceEmbedding
{
    /// <summary>The embedding's dimension.</summary>
    public const int Dimension = 256;

    /// <summary>Embeds sentences into one row-major buffer of <see cref="Dimension"/> floats per sentence.</summary>
    /// <param name="sentences">The sentences.</param>
    /// <returns>The vectors; a sentence without letters or digits gets a constant vector so it stays valid for cosine metrics.</returns>
    public static float[] Embed(IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var result = new float[sentences.Count * Dimension];
        var words = new List<string>();
        for (var s = 0; s < sentences.Count; s++)
        {
            var row = result.AsSpan(s * Dimension, Dimension);
            words.Clear();
            Tokenize(sentences[s], words);
            for (var w = 0; w < words.Count; w++)
            {
                Add(row, "w:" + words[w], 1f);
                if (w + 1 < words.Count)
                {
                    Add(row, "b:" + words[w] + " " + words[w + 1], 0.5f);
                }

                var padded = "<" + words[w] + ">";
                for (var c = 0; c + 3 <= padded.Length; c++)
                {
                    Add(row, string.Concat("c:", padded.AsSpan(c, 3)), 0.25f);
                }
            }

            var norm = 0f;
            foreach (var v in row)
            {
                norm += v * v;
            }

            if (norm > 0)
            {
                var inv = 1 / MathF.Sqrt(norm);
                for (var j = 0; j < Dimension; j++)
                {
                    row[j] *= inv;
                }
            }
            else
            {
                row.Fill(1 / MathF.Sqrt(Dimension));
            }
        }

        return result;
    }

    private static void Tokenize(string text, List<string> words)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWord && start < 0)
            {
                start = i;
            }
            else if (!isWord && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
    }

    private static void Add(Span<float> row, string feature, float weight)
    {
        var h = 2166136261u;
        foreach (var ch in feature)
        {
            h = (h ^ ch) * 16777619u;
        }

        // The top bit signs the feature so collisions cancel on average instead of piling up.
        row[(int)(h % Dimension)] += (h & 0x8000_0000u) != 0 ? -weight : weight;
    }
}
