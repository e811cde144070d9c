using System.Globalization;
using ModelMonitor.Explanations;
using ModelMonitor.Profiling;
using ModelMonitor.Tests.Drift.Detection;
using ModelMonitor.Tests.Profiling;

namespace ModelMonitor.Tests.Explanations;

public sealed class TabularReferenceFromProfileTests
{
    private static readonly string[] Columns = ["age", "hours-per-week", "education-num", "sex", "race", "native-country"];

    [Fact]
    public void FromProfile_Adult_QuartilesMomentsAndFrequenciesMatchTheData()
    {
        var profile = AdultProfileData.Full;
        var reference = TabularReference.FromProfile(profile, Columns);

        Assert.Equal(Columns, reference.Features.Select(f => f.Name));
        foreach (var name in new[] { "age", "hours-per-week", "education-num" })
        {
            var values = Numbers(name);
            var n = values.Length;
            var s = reference.Columns[Array.IndexOf(Columns, name)];
            Assert.Equal(TabularFeatureKind.Numeric, reference.Features[Array.IndexOf(Columns, name)].Kind);
            Assert.Equal(values.Average(), s.Mean, 1e-9);
            var mean = values.Average();
            Assert.Equal(Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / n), s.StandardDeviation, 1e-9);

            // Each quartile is a sketch estimate: the data's rank of the value is within the documented error of q·n.
            var epsilon = profile.Column(name)!.Numeric!.RankErrorBound;
            var quartiles = new[] { 0.25, 0.5, 0.75 };
            Assert.All(s.Bounds, bound =>
            {
                long below = values.Count(v => v < bound), atOrBelow = values.Count(v => v <= bound);
                Assert.Contains(quartiles, q => below <= (q + epsilon) * n && atOrBelow >= (q - epsilon) * n);
            });

            // Bin frequencies from the sketch's weights, against the data's share in the same bins: two rank errors per bin.
            for (var b = 0; b <= s.Bounds.Length; b++)
            {
                var share = (double)values.Count(v => s.Bin(v) == b) / n;
                Assert.InRange(s.Frequencies[b], share - (2 * epsilon), share + (2 * epsilon));
            }

            Assert.Equal(values.Min(), s.BinMinimums[0]);
            Assert.Equal(values.Max(), s.BinMaximums[^1]);
        }

        // Sex and race have few values, all kept: the frequencies are the data's exactly, most frequent first.
        foreach (var name in new[] { "sex", "race" })
        {
            var f = Array.IndexOf(Columns, name);
            var counts = Strings(name).GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var total = (double)counts.Values.Sum();
            Assert.Equal(TabularFeatureKind.Categorical, reference.Features[f].Kind);
            var categories = reference.Features[f].Categories!;
            Assert.Equal(counts.Count, categories.Count);
            for (var c = 0; c < categories.Count; c++)
            {
                Assert.Equal(counts[categories[c]] / total, reference.Columns[f].Frequencies[c], 1e-12);
            }

            Assert.Equal(counts.MaxBy(p => p.Value).Key, categories[0]);
        }

        // native-country has 41 values; the profile keeps the 20 most frequent, and the other countries' mass is not drawn.
        var country = Array.IndexOf(Columns, "native-country");
        var kept = reference.Features[country].Categories!;
        var countryCounts = Strings("native-country").GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Equal(profile.Options.TopValueCount, kept.Count);
        var keptTotal = (double)kept.Sum(c => countryCounts[c]);
        for (var c = 0; c < kept.Count; c++)
        {
            Assert.Equal(countryCounts[kept[c]] / keptTotal, reference.Columns[country].Frequencies[c], 1e-12);
        }
    }

    [Fact]
    public void FromProfile_LinearModel_RecoversTheTrueWeightsTimesTheColumnDeviation()
    {
        var reference = TabularReference.FromProfile(AdultProfileData.Full, ["age", "hours-per-week", "education-num", "sex"]);
        var male = reference.Features[3].Categories!.ToList().IndexOf("Male");
        const double ageWeight = 0.004, hoursWeight = -0.003, maleWeight = 0.1;
        var model = new DelegateBatchPredictor<double[]>(2, rows =>
        [
            .. rows.Select(r =>
            {
                var p = Math.Clamp((float)(0.5 + (ageWeight * (r[0] - 38)) + (hoursWeight * (r[1] - 40)) + (r[3] == male ? maleWeight : 0)), 0, 1);
                return new[] { 1 - p, p };
            }),
        ]);
        var explainer = new LimeTabularExplainer(model, reference, new LimeTabularOptions { Discretize = false, FeatureSelection = FeatureSelection.All, StabilityRuns = 0 });

        var e = explainer.Explain([45, 50, 13, male], classIndex: 1);

        var weights = e.Features.ToDictionary(f => f.Feature, f => f.Weight, StringComparer.Ordinal);
        Assert.Equal(ageWeight * reference.Columns[0].StandardDeviation, weights["age"], 0.004);
        Assert.Equal(hoursWeight * reference.Columns[1].StandardDeviation, weights["hours-per-week"], 0.004);
        Assert.Equal(maleWeight, weights["sex=Male"], 0.01);
        Assert.InRange(weights["education-num"], -0.004, 0.004);
        Assert.True(e.LocalR2 > 0.95, $"R² {e.LocalR2}");

        // Discretised, from the profile's quartile bins: the signs and the bin names follow.
        var binned = new LimeTabularExplainer(model, reference, new LimeTabularOptions { FeatureCount = 3, StabilityRuns = 0 }).Explain([70, 20, 13, male], classIndex: 1);
        Assert.Contains(binned.Features, f => f.Feature.StartsWith("age > ", StringComparison.Ordinal) && f.Weight > 0);
        Assert.Contains(binned.Features, f => f.Feature.StartsWith("hours-per-week <= ", StringComparison.Ordinal) && f.Weight > 0);
        Assert.Contains(binned.Features, f => f.Feature == "sex=Male" && f.Weight > 0);
    }

    [Fact]
    public void FromProfile_MissingOrUnusableColumn_NamesIt()
    {
        var missing = Assert.Throws<ArgumentException>(() => TabularReference.FromProfile(AdultProfileData.Full, ["age", "salary"]));
        Assert.Contains("'salary'", missing.Message, StringComparison.Ordinal);
        Assert.Equal("featureColumns", missing.ParamName);

        // With at most 5 distinct values to call a column categorical, occupation is text: no frequencies to draw from.
        var small = AdultProfileData.Profile(AdultProfileData.Lines.Take(500), new ProfileOptions { CategoricalMaxDistinct = 5 });
        Assert.Equal(ColumnKind.Text, small.Column("occupation")!.Kind);
        Assert.Contains("'occupation'", Assert.Throws<ArgumentException>(() => TabularReference.FromProfile(small, ["age", "occupation"])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => TabularReference.FromProfile(null!, Columns));
    }

    private static double[] Numbers(string column)
    {
        var c = AdultData.IndexOf(column);
        return [.. AdultData.Load().Rows.Where(r => r[c] is not null).Select(r => double.Parse(r[c]!, CultureInfo.InvariantCulture))];
    }

    private static string[] Strings(string column)
    {
        var c = AdultData.IndexOf(column);
        return [.. AdultData.Load().Rows.Where(r => r[c] is not null).Select(r => r[c]!)];
    }
}
