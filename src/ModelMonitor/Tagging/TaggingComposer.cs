using ModelMonitor.Rolling;

namespace ModelMonitor.Tagging;

/// <summary>One selector's chosen samples (best first) and its weight in a mix.</summary>
public sealed record TaggingSource
{
    /// <summary>Gets the samples, best first, as <see cref="TaggingSelector.Selected"/> returns them.</summary>
    public required IReadOnlyList<TaggedSample> Samples { get; init; }

    /// <summary>Gets the weight: the source's share of the budget is proportional to it.</summary>
    /// <value>The default value is 1.</value>
    public double Weight { get; init; } = 1;
}

/// <summary>Options of <see cref="TaggingComposer.Compose"/>.</summary>
public sealed class TaggingCompositionOptions
{
    /// <summary>Gets or sets the total number of samples to choose, at least 1.</summary>
    /// <value>The default value is 100.</value>
    public int Budget { get; set; } = 100;

    /// <summary>Gets or sets the most samples of one predicted class; 0 for no limit (unless <see cref="ClassQuotas"/> names the class).</summary>
    /// <value>The default value is 0.</value>
    public int MaxPerClass { get; set; }

    /// <summary>Gets or sets quotas of chosen predicted classes (class to most samples); they override <see cref="MaxPerClass"/> for those classes, and a quota of 0 here excludes the class.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="MaxPerClass"/> for every class.</value>
    public IReadOnlyDictionary<int, int>? ClassQuotas { get; set; }

    /// <summary>Gets or sets the most samples of one cohort; 0 for no limit.</summary>
    /// <value>The default value is 0.</value>
    public int MaxPerCohort { get; set; }

    /// <summary>
    /// Gets or sets the most distinct cohorts given quotas of their own; samples of further cohorts
    /// share the quota of <see cref="RollingStatisticsMonitor.OverflowCohort"/>.
    /// </summary>
    /// <value>The default value is 100.</value>
    public int MaxCohorts { get; set; } = 100;
}

/// <summary>
/// Mixes the chosen samples of several selectors into one labelling queue: weighted shares of the
/// budget, per-class and per-cohort quotas, and de-duplication by sample identifier.
/// </summary>
/// <remarks>
/// The result is deterministic: each source gets <c>floor(budget * weight / total)</c> samples,
/// the remainder going to the largest fractional parts (ties to the earlier source); sources are
/// drawn best first in the order given, so a sample chosen by two selectors is credited to the
/// earlier one; when a source runs out, the budget left is filled round-robin from the others.
/// Randomness, where wanted, comes from a seeded <see cref="TaggingSelector.Random"/> source.
/// The composer is stateless and thread-safe.
/// </remarks>
public static class TaggingComposer
{
    /// <summary>Composes one queue from the sources.</summary>
    /// <param name="sources">The sources, at least one, each with a positive finite weight.</param>
    /// <param name="options">The options; the defaults when <see langword="null"/>.</param>
    /// <returns>At most <see cref="TaggingCompositionOptions.Budget"/> samples with distinct identifiers, in the order chosen.</returns>
    /// <exception cref="ArgumentException">A source or an option is invalid.</exception>
    public static IReadOnlyList<TaggedSample> Compose(IReadOnlyList<TaggingSource> sources, TaggingCompositionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        options ??= new TaggingCompositionOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Budget, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxPerClass, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxPerCohort, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxCohorts, nameof(options));
        if (options.ClassQuotas is { } quotas)
        {
            foreach (var (cls, quota) in quotas)
            {
                if (quota < 0)
                {
                    throw new ArgumentException($"ClassQuotas[{cls}] is {quota}; a quota must be at least 0.", nameof(options));
                }
            }
        }

        if (sources.Count == 0)
        {
            throw new ArgumentException("At least one source is needed.", nameof(sources));
        }

        var total = 0.0;
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i] ?? throw new ArgumentException($"sources[{i}] is null.", nameof(sources));
            if (source.Samples is null || !(source.Weight > 0) || !double.IsFinite(source.Weight))
            {
                throw new ArgumentException($"sources[{i}] needs samples and a positive, finite weight.", nameof(sources));
            }

            total += source.Weight;
        }

        var budget = options.Budget;
        var shares = new int[sources.Count];
        var fractions = new double[sources.Count];
        var assigned = 0;
        for (var i = 0; i < sources.Count; i++)
        {
            var exact = budget * sources[i].Weight / total;
            shares[i] = (int)Math.Floor(exact);
            fractions[i] = exact - shares[i];
            assigned += shares[i];
        }

        var order = Enumerable.Range(0, sources.Count).OrderByDescending(i => fractions[i]).ThenBy(i => i).ToArray();
        for (var k = 0; assigned < budget; k = (k + 1) % order.Length)
        {
            shares[order[k]]++;
            assigned++;
        }

        var state = new State(options);
        var cursors = new int[sources.Count];
        for (var i = 0; i < sources.Count; i++)
        {
            for (var taken = 0; taken < shares[i] && state.Result.Count < budget && TakeNext(sources[i].Samples, ref cursors[i], state);)
            {
                taken++;
            }
        }

        var progress = true;
        while (state.Result.Count < budget && progress)
        {
            progress = false;
            for (var i = 0; i < sources.Count && state.Result.Count < budget; i++)
            {
                progress |= TakeNext(sources[i].Samples, ref cursors[i], state);
            }
        }

        return state.Result;
    }

    private static bool TakeNext(IReadOnlyList<TaggedSample> samples, ref int cursor, State state)
    {
        while (cursor < samples.Count)
        {
            var sample = samples[cursor++];
            if (state.TryTake(sample))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class State(TaggingCompositionOptions options)
    {
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private readonly Dictionary<int, int> _perClass = [];
        private readonly Dictionary<string, int> _perCohort = new(StringComparer.Ordinal);

        public List<TaggedSample> Result { get; } = [];

        public bool TryTake(TaggedSample sample)
        {
            if (_ids.Contains(sample.SampleId))
            {
                return false;
            }

            _perClass.TryGetValue(sample.PredictedClass, out var classCount);
            var classQuota = options.ClassQuotas is { } quotas && quotas.TryGetValue(sample.PredictedClass, out var q) ? q : options.MaxPerClass;
            if ((classQuota > 0 || options.ClassQuotas?.ContainsKey(sample.PredictedClass) == true) && classCount >= classQuota)
            {
                return false;
            }

            var cohort = sample.Cohort ?? RollingStatisticsMonitor.DefaultCohort;
            if (!_perCohort.ContainsKey(cohort) && _perCohort.Count >= options.MaxCohorts)
            {
                cohort = RollingStatisticsMonitor.OverflowCohort;
            }

            _perCohort.TryGetValue(cohort, out var cohortCount);
            if (options.MaxPerCohort > 0 && cohortCount >= options.MaxPerCohort)
            {
                return false;
            }

            _ids.Add(sample.SampleId);
            _perClass[sample.PredictedClass] = classCount + 1;
            _perCohort[cohort] = cohortCount + 1;
            Result.Add(sample);
            return true;
        }
    }
}
