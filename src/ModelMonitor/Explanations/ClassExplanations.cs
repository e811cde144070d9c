namespace ModelMonitor.Explanations;

/// <summary>One word's weight aggregated over the explanations of one class.</summary>
/// <param name="Feature">The word.</param>
/// <param name="MeanWeight">The mean signed weight over the class's explanations, counting 0 where the word was not chosen.</param>
/// <param name="MeanAbsoluteWeight">The mean absolute weight, counting 0 where the word was not chosen.</param>
/// <param name="TopShare">The share of the class's explanations whose top features include the word.</param>
public sealed record AggregatedFeature(string Feature, double MeanWeight, double MeanAbsoluteWeight, double TopShare);

/// <summary>The words that push a model towards and away from one class, over many explanations.</summary>
/// <param name="ClassIndex">The explained class.</param>
/// <param name="ExplanationCount">How many explanations of the class were aggregated.</param>
/// <param name="Towards">The words with the largest positive mean weight, strongest first.</param>
/// <param name="Away">The words with the most negative mean weight, strongest first.</param>
public sealed record ClassExplanation(int ClassIndex, int ExplanationCount, IReadOnlyList<AggregatedFeature> Towards, IReadOnlyList<AggregatedFeature> Away);

/// <summary>Turns sample-level explanations into class-level ones, and picks a few representative explanations.</summary>
public static class ClassExplanations
{
    /// <summary>Aggregates explanations per explained class.</summary>
    /// <param name="explanations">The explanations.</param>
    /// <param name="topCount">How many words to list each way, and the size of the "top features" set per explanation; at least 1.</param>
    /// <returns>One entry per explained class, by class index.</returns>
    /// <remarks>
    /// A word's mean weight counts 0 for explanations that did not choose it, so a word that matters
    /// strongly in one review out of a hundred does not outrank one that matters in most of them.
    /// </remarks>
    public static IReadOnlyList<ClassExplanation> Aggregate(IEnumerable<LocalExplanation> explanations, int topCount = 10)
    {
        ArgumentNullException.ThrowIfNull(explanations);
        ArgumentOutOfRangeException.ThrowIfLessThan(topCount, 1);
        var result = new List<ClassExplanation>();
        foreach (var group in explanations.GroupBy(e => e.ClassIndex).OrderBy(g => g.Key))
        {
            var count = group.Count();
            var sums = new Dictionary<string, (double Signed, double Absolute, int Top)>(StringComparer.Ordinal);
            foreach (var e in group)
            {
                var rank = 0;
                foreach (var f in e.Features)
                {
                    sums.TryGetValue(f.Feature, out var s);
                    sums[f.Feature] = (s.Signed + f.Weight, s.Absolute + Math.Abs(f.Weight), s.Top + (rank < topCount ? 1 : 0));
                    rank++;
                }
            }

            var aggregated = sums
                .Select(p => new AggregatedFeature(p.Key, p.Value.Signed / count, p.Value.Absolute / count, (double)p.Value.Top / count))
                .ToList();
            result.Add(new ClassExplanation(
                group.Key,
                count,
                [.. aggregated.Where(a => a.MeanWeight > 0).OrderByDescending(a => a.MeanWeight).ThenBy(a => a.Feature, StringComparer.Ordinal).Take(topCount)],
                [.. aggregated.Where(a => a.MeanWeight < 0).OrderBy(a => a.MeanWeight).ThenBy(a => a.Feature, StringComparer.Ordinal).Take(topCount)]));
        }

        return result;
    }

    /// <summary>
    /// Picks <paramref name="budget"/> explanations that together cover the most important words
    /// (LIME's submodular pick): a word's importance is the square root of its total absolute weight
    /// over all explanations, and each pick adds the explanation that covers the most importance not
    /// yet covered.
    /// </summary>
    /// <param name="explanations">The explanations to choose from.</param>
    /// <param name="budget">How many to pick, at least 1.</param>
    /// <returns>The indexes of the picked explanations, in pick order.</returns>
    /// <remarks>Greedy, so within a factor 1 - 1/e of the best coverage; ties go to the earlier explanation.</remarks>
    public static IReadOnlyList<int> SubmodularPick(IReadOnlyList<LocalExplanation> explanations, int budget)
    {
        ArgumentNullException.ThrowIfNull(explanations);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        var importance = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var e in explanations)
        {
            foreach (var f in e.Features)
            {
                importance[f.Feature] = importance.GetValueOrDefault(f.Feature) + Math.Abs(f.Weight);
            }
        }

        foreach (var word in importance.Keys.ToList())
        {
            importance[word] = Math.Sqrt(importance[word]);
        }

        var covered = new HashSet<string>(StringComparer.Ordinal);
        var picked = new List<int>();
        while (picked.Count < Math.Min(budget, explanations.Count))
        {
            var best = -1;
            var bestGain = -1.0;
            for (var i = 0; i < explanations.Count; i++)
            {
                if (picked.Contains(i))
                {
                    continue;
                }

                var gain = explanations[i].Features.Where(f => f.Weight != 0).Select(f => f.Feature).Distinct(StringComparer.Ordinal)
                    .Where(w => !covered.Contains(w)).Sum(w => importance[w]);
                if (gain > bestGain)
                {
                    best = i;
                    bestGain = gain;
                }
            }

            picked.Add(best);
            covered.UnionWith(explanations[best].Features.Where(f => f.Weight != 0).Select(f => f.Feature));
        }

        return picked;
    }
}
