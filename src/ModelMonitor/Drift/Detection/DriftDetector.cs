using System.Globalization;

namespace ModelMonitor.Drift;

/// <summary>
/// Compares a current data set (a serving window) with a reference data set (training data) column
/// by column and decides whether each column, and the data set as a whole, drifted.
/// </summary>
/// <remarks>
/// <para>
/// <b>Which test.</b> Unless overridden (<see cref="DriftDetectorOptions.ColumnMethods"/> by column
/// name, then <see cref="DriftDetectorOptions.NumericMethod"/> and
/// <see cref="DriftDetectorOptions.CategoricalMethod"/> by kind), the test depends on the column's kind
/// and on the number of reference rows (missing values included):
/// </para>
/// <list type="bullet">
/// <item>at most <see cref="DriftDetectorOptions.StatisticalTestMaxReferenceRows"/> (1000) rows:
/// numeric → two-sample Kolmogorov-Smirnov; categorical → chi-square on the 2 x k table of counts,
/// or the two-proportion z-test when reference and current together have exactly two categories;</item>
/// <item>more rows: numeric → normalised Wasserstein distance (threshold 0.1); categorical →
/// Jensen-Shannon distance, base 2 (threshold 0.1).</item>
/// </list>
/// <para>
/// A numeric column with at most <see cref="DriftDetectorOptions.MaxDistinctValuesForCategorical"/> (5)
/// distinct reference values is tested as categorical, its values formatted with the invariant culture.
/// Missing values (NaN, <see langword="null"/>) are left out of every test and reported per column.
/// </para>
/// <para>
/// <b>Significant and large.</b> Every test with a p-value gets an effect size next to it: the
/// normalised Wasserstein distance (W1 over the reference's standard deviation) for numeric columns,
/// the Jensen-Shannon distance (base 2, in [0, 1]) for categorical ones, the same measures the default
/// rule uses on large samples, so one minimum works at every size. The p-values of all columns that
/// have one are adjusted together (<see cref="DriftDetectorOptions.Correction"/>, by default
/// Benjamini-Hochberg), and such a column drifts only when its adjusted p-value is below
/// <see cref="DriftDetectorOptions.Significance"/> AND its effect size is at least
/// <see cref="DriftDetectorOptions.MinimumEffectSize"/> (0.1). For distance methods the distance is the
/// effect size: the column drifts when it is at least its threshold. Each result says why
/// (<see cref="DriftColumnResult.Verdict"/>, <see cref="DriftColumnResult.Reason"/>).
/// </para>
/// <para>
/// <b>Data set.</b> The data set drifts when the share of drifted columns is at least
/// <see cref="DriftDetectorOptions.DriftShare"/> (0.5).
/// </para>
/// <para>
/// Reference and current must hold the same column names (ordinal) with the same kinds, each set's
/// columns of one length; otherwise an <see cref="ArgumentException"/> names the column. The z-test's
/// "positive" category, which sets the sign of its statistic, is the first in ordinal order. A column with
/// no values on one side is reported as <see cref="DriftVerdict.NoValues"/> (drift when only one side is
/// empty). Thread-safe: the detector copies its options and keeps no state between calls.
/// </para>
/// </remarks>
public sealed class DriftDetector
{
    private readonly DriftDetectorOptions _options;

    /// <summary>Creates a detector.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults; validated and copied.</param>
    /// <exception cref="ArgumentException">An option is invalid (see <see cref="DriftDetectorOptions.Validate"/>).</exception>
    public DriftDetector(DriftDetectorOptions? options = null)
    {
        options ??= new DriftDetectorOptions();
        options.Validate();
        _options = options.Clone();
    }

    /// <summary>Tests every column of <paramref name="current"/> against the same column of <paramref name="reference"/>.</summary>
    /// <param name="reference">The reference columns (training data).</param>
    /// <param name="current">The current columns (a serving window), with the same names and kinds, in any order.</param>
    /// <returns>The per-column results, in the reference's column order, and the data set's verdict.</returns>
    /// <exception cref="ArgumentNullException">An argument or column is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// A set has no columns, a duplicate name, or columns of different lengths; a column is missing from
    /// one set or has another kind there; a column's method cannot test it; or a column threshold is no
    /// significance level for a test with a p-value.
    /// </exception>
    public DatasetDriftResult Detect(IReadOnlyList<DriftColumn> reference, IReadOnlyList<DriftColumn> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var referenceRows = Index(reference, nameof(reference), out var referenceByName);
        var currentRows = Index(current, nameof(current), out var currentByName);
        foreach (var column in current)
        {
            if (!referenceByName.ContainsKey(column.Name))
            {
                throw new ArgumentException($"Column '{column.Name}' is in the current set but not in the reference.", nameof(current));
            }
        }

        var work = new ColumnWork[reference.Count];
        for (var i = 0; i < reference.Count; i++)
        {
            var r = reference[i];
            if (!currentByName.TryGetValue(r.Name, out var c))
            {
                throw new ArgumentException($"Column '{r.Name}' is in the reference but not in the current set.", nameof(current));
            }

            if (c.Kind != r.Kind)
            {
                throw new ArgumentException($"Column '{r.Name}' is {r.Kind} in the reference but {c.Kind} in the current set.", nameof(current));
            }

            work[i] = Test(r, c, referenceRows);
        }

        Decide(work);
        var results = new DriftColumnResult[work.Length];
        var drifted = 0;
        for (var i = 0; i < work.Length; i++)
        {
            results[i] = work[i].Result!;
            if (results[i].IsDrift)
            {
                drifted++;
            }
        }

        return new DatasetDriftResult
        {
            Columns = results,
            DriftedColumns = drifted,
            DriftShareThreshold = _options.DriftShare,
            Correction = _options.Correction,
            ReferenceRows = referenceRows,
            CurrentRows = currentRows,
        };
    }

    private static int Index(IReadOnlyList<DriftColumn> columns, string paramName, out Dictionary<string, DriftColumn> byName)
    {
        if (columns.Count == 0)
        {
            throw new ArgumentException($"{paramName} has no columns.", paramName);
        }

        byName = new Dictionary<string, DriftColumn>(columns.Count, StringComparer.Ordinal);
        var rows = -1;
        foreach (var column in columns)
        {
            if (column is null)
            {
                throw new ArgumentNullException(paramName, $"{paramName} holds a null column.");
            }

            if (!byName.TryAdd(column.Name, column))
            {
                throw new ArgumentException($"Column '{column.Name}' appears twice in {paramName}.", paramName);
            }

            if (rows >= 0 && column.Length != rows)
            {
                throw new ArgumentException($"Column '{column.Name}' has {column.Length} rows but {paramName}'s first column has {rows}; every column of a set needs one value (or a missing marker) per row.", paramName);
            }

            rows = column.Length;
        }

        return rows;
    }

    private ColumnWork Test(DriftColumn reference, DriftColumn current, int referenceRows)
    {
        var name = reference.Name;
        var work = new ColumnWork(name, reference.Kind, reference.Length, current.Length);
        var overridden = _options.ColumnMethods.TryGetValue(name, out var columnMethod);
        string?[]? referenceLabels = null;
        string?[]? currentLabels = null;
        if (reference.Kind == DriftColumnKind.Numeric)
        {
            work.ReferenceMissing = CountNaN(reference.NumericValues);
            work.CurrentMissing = CountNaN(current.NumericValues);
            var asCategorical = overridden
                ? Array.IndexOf(DriftDetectorOptions.NumericMethods, columnMethod) < 0
                : HasFewDistinctValues(reference.NumericValues, _options.MaxDistinctValuesForCategorical);
            if (asCategorical)
            {
                work.TestedAs = DriftColumnKind.Categorical;
                referenceLabels = Format(reference.NumericValues);
                currentLabels = Format(current.NumericValues);
            }
        }
        else
        {
            if (overridden && Array.IndexOf(DriftDetectorOptions.CategoricalMethods, columnMethod) < 0)
            {
                throw new ArgumentException($"Column '{name}' is categorical; {columnMethod} cannot test it.", nameof(reference));
            }

            work.TestedAs = DriftColumnKind.Categorical;
            referenceLabels = [.. reference.CategoricalValues];
            currentLabels = [.. current.CategoricalValues];
            work.ReferenceMissing = CountNull(referenceLabels);
            work.CurrentMissing = CountNull(currentLabels);
        }

        if (work.ReferenceMissing == work.ReferenceRows || work.CurrentMissing == work.CurrentRows)
        {
            work.NoValues = true;
            return work;
        }

        var small = referenceRows <= _options.StatisticalTestMaxReferenceRows;
        if (work.TestedAs == DriftColumnKind.Numeric)
        {
            var method = overridden ? columnMethod : _options.NumericMethod ?? (small ? DriftMethod.KolmogorovSmirnov : DriftMethod.NormalizedWasserstein);
            var threshold = Threshold(reference, method, _options.NumericDistanceThreshold);
            var r = reference.NumericValues;
            var c = current.NumericValues;
            var test = method switch
            {
                DriftMethod.KolmogorovSmirnov => KolmogorovSmirnov.Test(r, c, threshold),
                DriftMethod.NormalizedWasserstein => Wasserstein.NormalizedTest(r, c, threshold),
                DriftMethod.PopulationStabilityIndex => BinnedDistance.PopulationStabilityIndexOfSamples(r, c, threshold: threshold),
                DriftMethod.JensenShannon => BinnedDistance.JensenShannonOfSamples(r, c, threshold: threshold),
                DriftMethod.Hellinger => BinnedDistance.HellingerOfSamples(r, c, threshold: threshold),
                _ => throw new ArgumentException($"Column '{name}' is numeric; {method} cannot test it.", nameof(reference)),
            };
            work.Test = test;
            if (test.PValue is null)
            {
                work.EffectSize = test.Statistic;
                work.EffectSizeMethod = method;
            }
            else
            {
                work.EffectSize = Wasserstein.NormalizedTest(r, c).Statistic;
                work.EffectSizeMethod = DriftMethod.NormalizedWasserstein;
            }
        }
        else
        {
            var (referenceCounts, currentCounts) = Count(referenceLabels!, currentLabels!);
            var method = overridden
                ? columnMethod
                : _options.CategoricalMethod ?? (small ? (referenceCounts.Length == 2 ? DriftMethod.TwoProportionZTest : DriftMethod.ChiSquareContingency) : DriftMethod.JensenShannon);
            var threshold = Threshold(reference, method, _options.CategoricalDistanceThreshold);
            var test = method switch
            {
                DriftMethod.ChiSquareContingency => ChiSquare.Contingency(referenceCounts, currentCounts, threshold),
                DriftMethod.ChiSquareGoodnessOfFit => ChiSquare.GoodnessOfFit(referenceCounts, currentCounts, threshold),
                DriftMethod.TwoProportionZTest when referenceCounts.Length == 2 =>
                    TwoProportionZTest.Test(referenceCounts[0], referenceCounts[0] + referenceCounts[1], currentCounts[0], currentCounts[0] + currentCounts[1], threshold),
                DriftMethod.TwoProportionZTest => throw new ArgumentException($"Column '{name}' has {referenceCounts.Length} categories; the two-proportion z-test needs exactly two.", nameof(current)),
                DriftMethod.CramersV => CramersV.Test(referenceCounts, currentCounts, threshold),
                DriftMethod.PopulationStabilityIndex => BinnedDistance.PopulationStabilityIndex(referenceCounts, currentCounts, threshold),
                DriftMethod.JensenShannon => BinnedDistance.JensenShannon(referenceCounts, currentCounts, threshold),
                DriftMethod.Hellinger => BinnedDistance.Hellinger(referenceCounts, currentCounts, threshold),
                _ => throw new ArgumentException($"Column '{name}' is tested as categorical; {method} cannot test it.", nameof(reference)),
            };
            work.Test = test with { ReferenceDropped = work.ReferenceMissing, CurrentDropped = work.CurrentMissing };
            if (test.PValue is null)
            {
                work.EffectSize = test.Statistic;
                work.EffectSizeMethod = method;
            }
            else
            {
                work.EffectSize = BinnedDistance.JensenShannon(referenceCounts, currentCounts).Statistic;
                work.EffectSizeMethod = DriftMethod.JensenShannon;
            }
        }

        return work;
    }

    private double Threshold(DriftColumn reference, DriftMethod method, double distanceThreshold)
    {
        var column = reference.Name;
        var hasPValue = method is DriftMethod.KolmogorovSmirnov or DriftMethod.ChiSquareContingency or DriftMethod.ChiSquareGoodnessOfFit or DriftMethod.TwoProportionZTest;
        if (_options.ColumnThresholds.TryGetValue(column, out var threshold))
        {
            if (hasPValue && !(threshold > 0 && threshold < 1))
            {
                throw new ArgumentException($"Column '{column}' is tested with {method}, whose threshold is a significance level in (0, 1); ColumnThresholds gives {threshold}.", nameof(reference));
            }

            return threshold;
        }

        return hasPValue ? _options.Significance : distanceThreshold;
    }

    private void Decide(ColumnWork[] work)
    {
        var withP = new List<int>();
        foreach (var (w, i) in work.Select((w, i) => (w, i)))
        {
            if (w.Test?.PValue is not null)
            {
                withP.Add(i);
            }
        }

        var pValues = new double[withP.Count];
        for (var k = 0; k < withP.Count; k++)
        {
            pValues[k] = work[withP[k]].Test!.PValue!.Value;
        }

        var adjusted = MultipleTesting.Adjust(pValues, _options.Correction);
        for (var k = 0; k < withP.Count; k++)
        {
            work[withP[k]].AdjustedPValue = adjusted[k];
        }

        foreach (var w in work)
        {
            w.Result = w.NoValues ? NoValuesResult(w) : w.AdjustedPValue is { } p ? SignificanceResult(w, p) : DistanceResult(w);
        }
    }

    private DriftColumnResult SignificanceResult(ColumnWork w, double adjusted)
    {
        var test = w.Test!;
        var alpha = test.Threshold;
        var effect = w.EffectSize!.Value;
        var minimum = _options.MinimumEffectSize;
        var correction = _options.Correction == MultipleTestingCorrection.None ? "p" : $"p adjusted by {_options.Correction}";
        DriftVerdict verdict;
        string reason;
        if (!(adjusted < alpha))
        {
            verdict = DriftVerdict.NotSignificant;
            reason = Invariant($"{test.Method}: {correction} = {adjusted:G4} is not below {alpha:G4}; effect size {effect:G4} ({w.EffectSizeMethod}).");
        }
        else if (!(effect >= minimum))
        {
            verdict = DriftVerdict.EffectBelowMinimum;
            reason = Invariant($"{test.Method}: significant ({correction} = {adjusted:G4} < {alpha:G4}) but the effect size {effect:G4} ({w.EffectSizeMethod}) is below the minimum {minimum:G4}.");
        }
        else
        {
            verdict = DriftVerdict.Drift;
            reason = Invariant($"{test.Method}: {correction} = {adjusted:G4} < {alpha:G4} and effect size {effect:G4} ({w.EffectSizeMethod}) >= {minimum:G4}.");
        }

        return Base(w, verdict == DriftVerdict.Drift, verdict, reason) with
        {
            AdjustedPValue = adjusted,
            MinimumEffectSize = minimum,
        };
    }

    private static DriftColumnResult DistanceResult(ColumnWork w)
    {
        var test = w.Test!;
        var drift = test.IsDrift;
        var reason = drift
            ? Invariant($"{test.Method} = {test.Statistic:G4} >= threshold {test.Threshold:G4}.")
            : Invariant($"{test.Method} = {test.Statistic:G4} < threshold {test.Threshold:G4}.");
        return Base(w, drift, drift ? DriftVerdict.Drift : DriftVerdict.BelowThreshold, reason);
    }

    private static DriftColumnResult NoValuesResult(ColumnWork w)
    {
        var referenceEmpty = w.ReferenceMissing == w.ReferenceRows;
        var currentEmpty = w.CurrentMissing == w.CurrentRows;
        var (drift, reason) = (referenceEmpty, currentEmpty) switch
        {
            (true, true) => (false, "Neither sample has a value: nothing to compare."),
            (true, false) => (true, "The reference has no values but the current sample has: the column appeared."),
            _ => (true, "The current sample has no values but the reference has: the column vanished."),
        };
        return Base(w, drift, DriftVerdict.NoValues, reason);
    }

    private static DriftColumnResult Base(ColumnWork w, bool drift, DriftVerdict verdict, string reason) => new()
    {
        Column = w.Name,
        Kind = w.Kind,
        TestedAs = w.TestedAs,
        Method = w.Test?.Method,
        Test = w.Test,
        EffectSize = w.EffectSize,
        EffectSizeMethod = w.EffectSizeMethod,
        Threshold = w.Test?.Threshold ?? 0,
        IsDrift = drift,
        Verdict = verdict,
        Reason = reason,
        ReferenceRows = w.ReferenceRows,
        CurrentRows = w.CurrentRows,
        ReferenceMissing = w.ReferenceMissing,
        CurrentMissing = w.CurrentMissing,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static int CountNaN(ReadOnlySpan<double> values)
    {
        var n = 0;
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                n++;
            }
        }

        return n;
    }

    private static int CountNull(string?[] values)
    {
        var n = 0;
        foreach (var v in values)
        {
            if (v is null)
            {
                n++;
            }
        }

        return n;
    }

    private static bool HasFewDistinctValues(ReadOnlySpan<double> values, int max)
    {
        if (max == 0)
        {
            return false;
        }

        var distinct = new HashSet<double>();
        foreach (var v in values)
        {
            if (!double.IsNaN(v) && distinct.Add(v == 0 ? 0.0 : v) && distinct.Count > max)
            {
                return false;
            }
        }

        return true;
    }

    private static string?[] Format(ReadOnlySpan<double> values)
    {
        var labels = new string?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            labels[i] = double.IsNaN(v) ? null : v == 0 ? "0" : v.ToString(CultureInfo.InvariantCulture);
        }

        return labels;
    }

    /// <summary>Counts categories of both samples over their union, ordered ordinally so results are deterministic.</summary>
    internal static (long[] Reference, long[] Current) Count(string?[] reference, string?[] current)
    {
        var reference_ = Tally(reference);
        var current_ = Tally(current);
        var categories = new SortedSet<string>(StringComparer.Ordinal);
        categories.UnionWith(reference_.Keys);
        categories.UnionWith(current_.Keys);
        var r = new long[categories.Count];
        var c = new long[categories.Count];
        var i = 0;
        foreach (var category in categories)
        {
            r[i] = reference_.GetValueOrDefault(category);
            c[i] = current_.GetValueOrDefault(category);
            i++;
        }

        return (r, c);
    }

    private static Dictionary<string, long> Tally(string?[] values)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            if (v is not null)
            {
                counts[v] = counts.GetValueOrDefault(v) + 1;
            }
        }

        return counts;
    }

    private sealed class ColumnWork(string name, DriftColumnKind kind, int referenceRows, int currentRows)
    {
        public string Name { get; } = name;

        public DriftColumnKind Kind { get; } = kind;

        public DriftColumnKind TestedAs { get; set; } = kind;

        public int ReferenceRows { get; } = referenceRows;

        public int CurrentRows { get; } = currentRows;

        public int ReferenceMissing { get; set; }

        public int CurrentMissing { get; set; }

        public bool NoValues { get; set; }

        public DriftTestResult? Test { get; set; }

        public double? EffectSize { get; set; }

        public DriftMethod? EffectSizeMethod { get; set; }

        public double? AdjustedPValue { get; set; }

        public DriftColumnResult? Result { get; set; }
    }
}
