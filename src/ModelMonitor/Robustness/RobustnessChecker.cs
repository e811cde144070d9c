using ModelMonitor.Explanations;
using ModelMonitor.Thresholds;

namespace ModelMonitor.Robustness;

/// <summary>Options of <see cref="RobustnessChecker.Check"/>.</summary>
public sealed class RobustnessOptions
{
    /// <summary>Gets or sets the largest flip rate a suite may show and still pass, in [0, 1].</summary>
    /// <value>The default value is 0.05.</value>
    public double MaxFlipRate { get; set; } = 0.05;

    /// <summary>Gets or sets the seed of the perturbations; suite <c>i</c> draws from <c>Seed + i</c>.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets how many flipped examples each suite keeps, at least 0.</summary>
    /// <value>The default value is 5.</value>
    public int ExamplesPerSuite { get; set; } = 5;

    /// <summary>Gets or sets the thresholds that turn probabilities into a class; the highest probability when null.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public CalibratedThresholds? Thresholds { get; set; }

    /// <summary>Gets or sets the most distinct cohorts reported; inputs of further cohorts are counted under <c>"(other)"</c>.</summary>
    /// <value>The default value is 100.</value>
    public int MaxCohorts { get; set; } = 100;
}

/// <summary>Flip counts of a slice of the inputs (a class or a cohort).</summary>
/// <param name="Key">The class index (as text) or the cohort.</param>
/// <param name="Count">Inputs in the slice.</param>
/// <param name="Flips">Inputs whose predicted class changed.</param>
public sealed record RobustnessSlice(string Key, int Count, int Flips)
{
    /// <summary>Gets the share of the slice's inputs whose class changed.</summary>
    public double FlipRate => Count == 0 ? 0 : (double)Flips / Count;
}

/// <summary>An input whose predicted class changed under a perturbation.</summary>
/// <typeparam name="TInput">The model's input.</typeparam>
/// <param name="Index">The input's position.</param>
/// <param name="Original">The input.</param>
/// <param name="Perturbed">The perturbed input.</param>
/// <param name="OriginalClass">The class predicted for the input (-1: abstain, with thresholds).</param>
/// <param name="PerturbedClass">The class predicted for the perturbed input.</param>
/// <param name="ConfidenceChange">The change in the probability of the original class.</param>
public sealed record RobustnessExample<TInput>(int Index, TInput Original, TInput Perturbed, int OriginalClass, int PerturbedClass, double ConfidenceChange);

/// <summary>How one perturbation suite moved the model's answers.</summary>
/// <typeparam name="TInput">The model's input.</typeparam>
public sealed record SuiteResult<TInput>
{
    /// <summary>Gets the suite's name.</summary>
    public required string Suite { get; init; }

    /// <summary>Gets the number of inputs perturbed.</summary>
    public required int Count { get; init; }

    /// <summary>Gets the number of inputs whose predicted class changed.</summary>
    public required int Flips { get; init; }

    /// <summary>Gets the share of inputs whose predicted class changed.</summary>
    public double FlipRate => Count == 0 ? 0 : (double)Flips / Count;

    /// <summary>Gets the mean absolute change in the probability of each input's original class.</summary>
    public required double MeanConfidenceChange { get; init; }

    /// <summary>Gets the largest absolute change in the probability of an input's original class.</summary>
    public required double MaxConfidenceChange { get; init; }

    /// <summary>Gets whether the flip rate is at most the options' maximum.</summary>
    public required bool Passed { get; init; }

    /// <summary>Gets the flips by original class.</summary>
    public required IReadOnlyList<RobustnessSlice> ByClass { get; init; }

    /// <summary>Gets the flips by cohort (empty when no cohorts were given).</summary>
    public required IReadOnlyList<RobustnessSlice> ByCohort { get; init; }

    /// <summary>Gets the first flipped examples, largest confidence change first.</summary>
    public required IReadOnlyList<RobustnessExample<TInput>> Examples { get; init; }
}

/// <summary>The result of a robustness check: one entry per suite and an overall verdict.</summary>
/// <typeparam name="TInput">The model's input.</typeparam>
/// <param name="Suites">The suites, in the order given.</param>
/// <param name="MaxFlipRate">The flip rate each suite had to stay within.</param>
public sealed record RobustnessReport<TInput>(IReadOnlyList<SuiteResult<TInput>> Suites, double MaxFlipRate)
{
    /// <summary>Gets whether every suite passed.</summary>
    public bool Passed => Suites.All(s => s.Passed);
}

/// <summary>
/// Checks that in-domain perturbations (typos, casing, noise) do not change a model's answers: for
/// each suite it perturbs every input once, predicts the originals and the variants in batches, and
/// reports the flip rate, the change in confidence, per class and per cohort, with examples. Usable
/// as a release gate in a test suite (<see cref="RobustnessReport{TInput}.Passed"/>) and on a sample
/// of production traffic.
/// </summary>
public static class RobustnessChecker
{
    private const string OtherCohort = "(other)";

    /// <summary>Runs the suites.</summary>
    /// <typeparam name="TInput">The model's input.</typeparam>
    /// <param name="predictor">The model.</param>
    /// <param name="inputs">The inputs, at least one.</param>
    /// <param name="suites">The perturbation suites, at least one.</param>
    /// <param name="options">The options; the defaults when null.</param>
    /// <param name="cohorts">Each input's cohort, for the per-cohort breakdown; none when null.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">An argument is empty, the cohorts do not pair with the inputs, an option is out of range, or the thresholds have another class count.</exception>
    /// <exception cref="InvalidOperationException">The model returned a probability that is NaN or outside [0, 1].</exception>
    public static RobustnessReport<TInput> Check<TInput>(
        IBatchPredictor<TInput> predictor,
        IReadOnlyList<TInput> inputs,
        IReadOnlyList<Perturbation<TInput>> suites,
        RobustnessOptions? options = null,
        IReadOnlyList<string?>? cohorts = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(suites);
        options ??= new RobustnessOptions();
        if (inputs.Count == 0)
        {
            throw new ArgumentException("There are no inputs to perturb.", nameof(inputs));
        }

        if (suites.Count == 0)
        {
            throw new ArgumentException("There are no perturbation suites.", nameof(suites));
        }

        if (cohorts is not null && cohorts.Count != inputs.Count)
        {
            throw new ArgumentException($"There are {cohorts.Count} cohorts for {inputs.Count} inputs; they must pair up.", nameof(cohorts));
        }

        if (!(options.MaxFlipRate >= 0 && options.MaxFlipRate <= 1) || options.ExamplesPerSuite < 0 || options.MaxCohorts < 1)
        {
            throw new ArgumentException($"MaxFlipRate ({options.MaxFlipRate}) must be in [0, 1], ExamplesPerSuite ({options.ExamplesPerSuite}) at least 0, MaxCohorts ({options.MaxCohorts}) at least 1.", nameof(options));
        }

        var k = predictor.ClassCount;
        if (options.Thresholds is { } t && t.Classes.Count != k)
        {
            throw new ArgumentException($"The thresholds have {t.Classes.Count} classes; the model has {k}.", nameof(options));
        }

        var original = Predict(predictor, inputs, k);
        var originalClass = Classes(original, inputs.Count, k, options.Thresholds);
        var cohortKeys = CohortKeys(cohorts, options.MaxCohorts);
        var results = new List<SuiteResult<TInput>>(suites.Count);
        for (var s = 0; s < suites.Count; s++)
        {
            var suite = suites[s];
            ArgumentNullException.ThrowIfNull(suite, nameof(suites));
            var random = new Random(unchecked(options.Seed + s));
            var perturbed = new TInput[inputs.Count];
            for (var i = 0; i < inputs.Count; i++)
            {
                perturbed[i] = suite.Apply(inputs[i], random);
            }

            var after = Predict(predictor, perturbed, k);
            var afterClass = Classes(after, inputs.Count, k, options.Thresholds);
            var flips = 0;
            double sumChange = 0, maxChange = 0;
            var examples = new List<RobustnessExample<TInput>>();
            var byClass = new Dictionary<string, (int Count, int Flips)>(StringComparer.Ordinal);
            var byCohort = new Dictionary<string, (int Count, int Flips)>(StringComparer.Ordinal);
            for (var i = 0; i < inputs.Count; i++)
            {
                // The class whose confidence is tracked: the original prediction, or the top class when the thresholds abstained.
                var c = originalClass[i] >= 0 ? originalClass[i] : ModelOutput.ArgMax(original.AsSpan(i * k, k));
                var change = after[(i * k) + c] - original[(i * k) + c];
                sumChange += Math.Abs(change);
                maxChange = Math.Max(maxChange, Math.Abs(change));
                var flipped = afterClass[i] != originalClass[i];
                flips += flipped ? 1 : 0;
                Tally(byClass, originalClass[i].ToString(System.Globalization.CultureInfo.InvariantCulture), flipped);
                if (cohortKeys is not null)
                {
                    Tally(byCohort, cohortKeys[i], flipped);
                }

                if (flipped)
                {
                    examples.Add(new RobustnessExample<TInput>(i, inputs[i], perturbed[i], originalClass[i], afterClass[i], change));
                }
            }

            results.Add(new SuiteResult<TInput>
            {
                Suite = suite.Name,
                Count = inputs.Count,
                Flips = flips,
                MeanConfidenceChange = sumChange / inputs.Count,
                MaxConfidenceChange = maxChange,
                Passed = (double)flips / inputs.Count <= options.MaxFlipRate,
                ByClass = Slices(byClass),
                ByCohort = Slices(byCohort),
                Examples = [.. examples.OrderByDescending(e => Math.Abs(e.ConfidenceChange)).ThenBy(e => e.Index).Take(options.ExamplesPerSuite)],
            });
        }

        return new RobustnessReport<TInput>(results, options.MaxFlipRate);
    }

    private static float[] Predict<TInput>(IBatchPredictor<TInput> predictor, IReadOnlyList<TInput> inputs, int k)
    {
        var probabilities = new float[inputs.Count * k];
        predictor.Predict(inputs, probabilities);
        ModelOutput.Validate(probabilities, k, "input");

        return probabilities;
    }

    private static int[] Classes(float[] probabilities, int n, int k, CalibratedThresholds? thresholds)
    {
        var classes = new int[n];
        var row = new double[k];
        for (var i = 0; i < n; i++)
        {
            var p = probabilities.AsSpan(i * k, k);
            if (thresholds is null)
            {
                classes[i] = ModelOutput.ArgMax(p);
                continue;
            }

            for (var j = 0; j < k; j++)
            {
                row[j] = p[j];
            }

            classes[i] = thresholds.Predict(row);
        }

        return classes;
    }

    private static string[]? CohortKeys(IReadOnlyList<string?>? cohorts, int maxCohorts)
    {
        if (cohorts is null)
        {
            return null;
        }

        var known = new HashSet<string>(StringComparer.Ordinal);
        var keys = new string[cohorts.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            var key = cohorts[i] ?? "(none)";
            keys[i] = known.Contains(key) || (known.Count < maxCohorts && known.Add(key)) ? key : OtherCohort;
        }

        return keys;
    }

    private static void Tally(Dictionary<string, (int Count, int Flips)> slices, string key, bool flipped)
    {
        var (count, flips) = slices.GetValueOrDefault(key);
        slices[key] = (count + 1, flips + (flipped ? 1 : 0));
    }

    private static RobustnessSlice[] Slices(Dictionary<string, (int Count, int Flips)> slices) =>
        [.. slices.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new RobustnessSlice(p.Key, p.Value.Count, p.Value.Flips))];

}
