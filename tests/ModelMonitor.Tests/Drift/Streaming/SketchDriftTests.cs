using ModelMonitor.Drift;
using ModelMonitor.Statistics;
using Xunit.Abstractions;

namespace ModelMonitor.Tests.Drift.Streaming;

public class SketchDriftTests(ITestOutputHelper output)
{
    public static TheoryData<string, int, int> Shapes() => new()
    {
        { "same-normal", 100_000, 1 },
        { "mean-shift", 100_000, 2 },
        { "variance-change", 200_000, 3 },
        { "lognormal-vs-shifted", 100_000, 4 },
        { "heavy-tails", 100_000, 5 },
        { "many-ties", 100_000, 6 },
        { "same-normal", 1_000_000, 7 },
        { "mean-shift", 1_000_000, 8 },
        { "heavy-tails", 1_000_000, 9 },
    };

    private static (double[] Reference, double[] Current) Samples(string shape, int n, int seed)
    {
        var a = StreamingHistogramTests.Normal(n, seed);
        var b = StreamingHistogramTests.Normal(n, seed + 1000);
        switch (shape)
        {
            case "mean-shift":
                Transform(b, x => x + 0.1);
                break;
            case "variance-change":
                Transform(b, x => x * 1.5);
                break;
            case "lognormal-vs-shifted":
                Transform(a, Math.Exp);
                Transform(b, x => Math.Exp(x + 0.05));
                break;
            case "heavy-tails":
                // Ratio of normals: Cauchy-like tails.
                var d = StreamingHistogramTests.Normal(n, seed + 2000);
                for (var i = 0; i < n; i++)
                {
                    b[i] = b[i] / (Math.Abs(d[i]) + 0.05);
                }

                break;
            case "many-ties":
                Transform(a, x => Math.Round(x * 2));
                Transform(b, x => Math.Round((x * 2) + 0.3));
                break;
            default:
                break;
        }

        return (a, b);
    }

    private static void Transform(double[] values, Func<double, double> f)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = f(values[i]);
        }
    }

    private static QuantileSketch Sketch(double[] values, int accuracy = QuantileSketch.DefaultAccuracy, ulong seed = 17)
    {
        var sketch = new QuantileSketch(accuracy, seed);
        foreach (var v in values)
        {
            sketch.Add(v);
        }

        return sketch;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void KolmogorovSmirnov_LargeSamples_WithinStatedBoundOfExact(string shape, int n, int seed)
    {
        var (reference, current) = Samples(shape, n, seed);
        var exact = KolmogorovSmirnov.Test(reference, current).Statistic;

        var result = SketchDrift.KolmogorovSmirnov(Sketch(reference), Sketch(current, seed: 23));

        output.WriteLine($"{shape} n={n}: D exact {exact:F5}, sketch {result.Statistic:F5}, |error| {Math.Abs(result.Statistic - exact):F5}, bound {result.ErrorBound:F5}");
        Assert.InRange(Math.Abs(result.Statistic - exact), 0, result.ErrorBound);
        Assert.InRange(exact, result.StatisticLower, result.StatisticUpper);
        Assert.Equal(QuantileSketch.RankErrorBound(QuantileSketch.DefaultAccuracy) * 2, result.ErrorBound, 15);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Wasserstein_LargeSamples_WithinStatedBoundOfExact(string shape, int n, int seed)
    {
        var (reference, current) = Samples(shape, n, seed);
        var exact = Wasserstein.Test(reference, current, 1).Statistic;

        var result = SketchDrift.Wasserstein(Sketch(reference), Sketch(current, seed: 23), 1);

        output.WriteLine($"{shape} n={n}: W exact {exact:G6}, sketch {result.Statistic:G6}, |error| {Math.Abs(result.Statistic - exact):G4}, bound {result.ErrorBound:G4}");
        Assert.InRange(Math.Abs(result.Statistic - exact), 0, result.ErrorBound);
        Assert.InRange(exact, result.StatisticLower, result.StatisticUpper);
    }

    [Fact]
    public void Wasserstein_SmallSketchesHoldingEverything_EqualsExact()
    {
        var a = StreamingHistogramTests.Normal(150, 31);
        var b = StreamingHistogramTests.Normal(90, 32, mean: 0.4);

        var result = SketchDrift.Wasserstein(Sketch(a), Sketch(b), 0.1);

        Assert.Equal(Wasserstein.Test(a, b, 0.1).Statistic, result.Statistic, 12);
        Assert.Equal(KolmogorovSmirnov.Test(a, b).Statistic, SketchDrift.KolmogorovSmirnov(Sketch(a), Sketch(b)).Statistic, 15);
    }

    [Fact]
    public void KolmogorovSmirnov_ClearShift_DecidesDrift()
    {
        var (reference, current) = (StreamingHistogramTests.Normal(100_000, 41), StreamingHistogramTests.Normal(100_000, 42, mean: 0.5));

        var result = SketchDrift.KolmogorovSmirnov(Sketch(reference), Sketch(current));

        Assert.Equal(SketchDecision.Drift, result.Decision);
        Assert.True(result.PValueUpper < 0.05);
        Assert.True(result.ToDriftTestResult().IsDrift);
        Assert.Equal(PValueMethod.Asymptotic, result.ToDriftTestResult().PValueMethod);
    }

    [Theory]
    [InlineData(100_000, QuantileSketch.DefaultAccuracy)]
    [InlineData(1_000_000, QuantileSketch.DefaultAccuracy)]
    public void KolmogorovSmirnov_IdenticalDistributions_NeverDecidesDrift(int n, int accuracy)
    {
        for (var seed = 0; seed < (n > 100_000 ? 1 : 5); seed++)
        {
            var reference = StreamingHistogramTests.Normal(n, 100 + seed);
            var current = StreamingHistogramTests.Normal(n, 200 + seed);

            var result = SketchDrift.KolmogorovSmirnov(Sketch(reference, accuracy), Sketch(current, accuracy, 5));

            output.WriteLine($"n={n} k={accuracy}: D {result.Statistic:F5} +- {result.ErrorBound:F5}, p in [{result.PValueLower:G3}, {result.PValueUpper:G3}], {result.Decision}");
            Assert.NotEqual(SketchDecision.Drift, result.Decision);
            Assert.True(result.PValueLower <= result.PValueUpper);
            Assert.False(result.ToDriftTestResult().IsDrift);
        }
    }

    [Fact]
    public void KolmogorovSmirnov_LargeWindowsAtDefaultAccuracy_ReportsUndecidedNotANoisyPValue()
    {
        var reference = StreamingHistogramTests.Normal(1_000_000, 51);
        var current = StreamingHistogramTests.Normal(1_000_000, 52, mean: 0.01);

        var result = SketchDrift.KolmogorovSmirnov(Sketch(reference), Sketch(current));

        Assert.Equal(SketchDecision.Undecided, result.Decision);
        Assert.True(result.PValueLower < 0.05);
        Assert.True(result.PValueUpper >= 0.05);
    }

    [Fact]
    public void Wasserstein_ThresholdInsideBound_Undecided()
    {
        var a = StreamingHistogramTests.Normal(100_000, 61);
        var b = StreamingHistogramTests.Normal(100_000, 62, mean: 1);
        var w = SketchDrift.Wasserstein(Sketch(a), Sketch(b), 0.1);

        Assert.Equal(SketchDecision.Drift, w.Decision);
        Assert.Equal(SketchDecision.Undecided, SketchDrift.Wasserstein(Sketch(a), Sketch(b), w.Statistic).Decision);
        Assert.Equal(SketchDecision.NoDrift, SketchDrift.Wasserstein(Sketch(a), Sketch(b), w.StatisticUpper * 2).Decision);
        Assert.Equal(w.StatisticLower, w.ToDriftTestResult().Statistic);
    }

    [Fact]
    public void Methods_InvalidArguments_ThrowNamingParameter()
    {
        var empty = new QuantileSketch();
        var full = Sketch([1.0, 2.0]);

        Assert.Equal("reference", Assert.Throws<ArgumentException>(() => SketchDrift.KolmogorovSmirnov(empty, full)).ParamName);
        Assert.Equal("current", Assert.Throws<ArgumentException>(() => SketchDrift.Wasserstein(full, empty, 1)).ParamName);
        Assert.Equal("reference", Assert.Throws<ArgumentNullException>(() => SketchDrift.KolmogorovSmirnov(null!, full)).ParamName);
        Assert.Equal("current", Assert.Throws<ArgumentNullException>(() => SketchDrift.Wasserstein(full, null!, 1)).ParamName);
        Assert.Equal("significance", Assert.Throws<ArgumentOutOfRangeException>(() => SketchDrift.KolmogorovSmirnov(full, full, 0)).ParamName);
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => SketchDrift.Wasserstein(full, full, -1)).ParamName);
    }
}
