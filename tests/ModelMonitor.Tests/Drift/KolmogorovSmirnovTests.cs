using ModelMonitor.Drift;

namespace ModelMonitor.Tests.Drift;

public class KolmogorovSmirnovTests
{
    public static TheoryData<string> AllCases => DriftFixtures.NumericCases();

    public static TheoryData<string, TestAlternative, PValueMode> ScipyCases()
    {
        var data = new TheoryData<string, TestAlternative, PValueMode>();
        foreach (var name in DriftFixtures.NumericNames())
        {
            foreach (var alternative in new[] { TestAlternative.TwoSided, TestAlternative.Greater, TestAlternative.Less })
            {
                data.Add(name, alternative, PValueMode.Auto);
                data.Add(name, alternative, PValueMode.Asymptotic);
                if (!name.Contains("100000", StringComparison.Ordinal))
                {
                    data.Add(name, alternative, PValueMode.Exact);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Samples_RegeneratedFromSeed_MatchGeneratorBitForBit(string name)
    {
        var c = DriftFixtures.Numeric(name);
        var (reference, current) = DriftFixtures.SamplesOf(name);
        Assert.Equal(c.Doubles("ref_head"), reference[..5]);
        Assert.Equal(c.Doubles("cur_head"), current[..5]);
        Assert.Equal(c.Double("ref_sum"), SumWithoutNaN(reference), 1e-9 * Math.Max(1, Math.Abs(c.Double("ref_sum"))));
        Assert.Equal(c.Double("cur_sum"), SumWithoutNaN(current), 1e-9 * Math.Max(1, Math.Abs(c.Double("cur_sum"))));
    }

    [Theory]
    [MemberData(nameof(ScipyCases))]
    public void Test_FixtureSamples_MatchesScipyKs2samp(string name, TestAlternative alternative, PValueMode mode)
    {
        var c = DriftFixtures.Numeric(name);
        var (reference, current) = DriftFixtures.SamplesOf(name);
        var scipyAlternative = alternative switch
        {
            TestAlternative.Greater => "greater",
            TestAlternative.Less => "less",
            _ => "two-sided",
        };
        var scipyMode = mode switch
        {
            PValueMode.Exact => "exact",
            PValueMode.Asymptotic => "asymp",
            _ => "auto",
        };
        var expected = c.GetProperty("ks").GetProperty(scipyAlternative).GetProperty(scipyMode);

        var result = KolmogorovSmirnov.Test(reference, current, alternative: alternative, mode: mode);

        Assertions.Close(expected.Double("statistic"), result.Statistic, 1e-9, $"{name} D");
        DriftAssert.PValue(expected.Double("pvalue"), result.PValue!.Value, $"{name} p");
        var used = expected.GetProperty("used").GetString() == "exact" ? PValueMethod.Exact : PValueMethod.Asymptotic;
        Assert.Equal(used, result.PValueMethod);
        Assert.Equal(c.GetProperty("ref_nan").GetInt32(), result.ReferenceDropped);
        Assert.Equal(c.GetProperty("cur_nan").GetInt32(), result.CurrentDropped);
        Assert.Equal(reference.Length - result.ReferenceDropped, result.ReferenceCount);
        Assert.Equal(current.Length - result.CurrentDropped, result.CurrentCount);
        Assert.Equal(alternative, result.Alternative);
        Assert.Equal(DriftMethod.KolmogorovSmirnov, result.Method);
        Assert.Equal(result.PValue < 0.05, result.IsDrift);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(4, 7)]
    [InlineData(6, 6)]
    [InlineData(5, 8)]
    public void ExactSurvival_SmallSizes_MatchesEnumerationOfAllArrangements(int n, int m)
    {
        // Every arrangement of n reference and m current values is equally likely under the null.
        var twoSided = new Dictionary<long, int>();
        var oneSided = new Dictionary<long, int>();
        var arrangements = 0;
        for (var mask = 0; mask < 1 << (n + m); mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != n)
            {
                continue;
            }

            arrangements++;
            long i = 0, j = 0, up = 0, down = 0;
            for (var k = 0; k < n + m; k++)
            {
                if ((mask & (1 << k)) != 0)
                {
                    i++;
                }
                else
                {
                    j++;
                }

                up = Math.Max(up, (i * m) - (j * n));
                down = Math.Max(down, (j * n) - (i * m));
            }

            var both = Math.Max(up, down);
            twoSided[both] = twoSided.GetValueOrDefault(both) + 1;
            oneSided[up] = oneSided.GetValueOrDefault(up) + 1;
        }

        foreach (var gap in twoSided.Keys.Concat(oneSided.Keys).Where(g => g > 0).Distinct())
        {
            var expectedTwo = twoSided.Where(p => p.Key >= gap).Sum(p => p.Value) / (double)arrangements;
            var expectedOne = oneSided.Where(p => p.Key >= gap).Sum(p => p.Value) / (double)arrangements;
            Assertions.Close(expectedTwo, KolmogorovSmirnov.ExactSurvival(n, m, gap, oneSided: false), 1e-12, $"two-sided gap {gap}");
            Assertions.Close(expectedOne, KolmogorovSmirnov.ExactSurvival(n, m, gap, oneSided: true), 1e-12, $"one-sided gap {gap}");
            Assertions.Close(expectedTwo, KolmogorovSmirnov.LatticeSurvival(n, m, gap, oneSided: false), 1e-12, $"lattice two-sided gap {gap}");
            Assertions.Close(expectedOne, KolmogorovSmirnov.LatticeSurvival(n, m, gap, oneSided: true), 1e-12, $"lattice one-sided gap {gap}");
        }
    }

    [Theory]
    [InlineData(50, 1)]
    [InlineData(50, 7)]
    [InlineData(1000, 40)]
    [InlineData(1000, 150)]
    public void LatticeSurvival_EqualSizes_MatchesClosedForm(int n, int h)
    {
        foreach (var oneSided in new[] { false, true })
        {
            var closed = KolmogorovSmirnov.EqualSizesSurvival(n, h, oneSided);
            var lattice = KolmogorovSmirnov.LatticeSurvival(n, n, (long)h * n, oneSided);
            Assertions.Close(closed, lattice, 1e-9, $"n {n} h {h} one-sided {oneSided}");
        }
    }

    [Fact]
    public void Test_TiesAcrossSamples_EvaluatesCdfsOnlyAtDistinctValues()
    {
        // Identical multisets in a different order: every distinct value closes the gap again.
        double[] reference = [1, 1, 2, 2, 3, 3];
        double[] current = [3, 2, 1, 3, 2, 1];
        var result = KolmogorovSmirnov.Test(reference, current);
        Assert.Equal(0.0, result.Statistic);
        Assert.Equal(1.0, result.PValue);
        Assert.False(result.IsDrift);
    }

    [Fact]
    public void Test_IdenticalConstantColumns_NoGapAndPValueOne()
    {
        var result = KolmogorovSmirnov.Test([5, 5, 5, 5], [5, 5, 5]);
        Assert.Equal(0.0, result.Statistic);
        Assert.Equal(1.0, result.PValue);
        Assert.False(result.IsDrift);
    }

    [Fact]
    public void Test_DifferentConstantColumns_FullGapAndDrift()
    {
        var reference = Enumerable.Repeat(1.0, 40).ToArray();
        var current = Enumerable.Repeat(2.0, 40).ToArray();
        var result = KolmogorovSmirnov.Test(reference, current);
        Assert.Equal(1.0, result.Statistic);
        Assert.True(result.PValue < 1e-20);
        Assert.True(result.IsDrift);
        Assert.Equal(1.0, KolmogorovSmirnov.Test(reference, current, alternative: TestAlternative.Greater).Statistic);
        Assert.Equal(0.0, KolmogorovSmirnov.Test(reference, current, alternative: TestAlternative.Less).Statistic);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(5000)]
    public void Test_NegativeAndPositiveZero_AreTies(int size)
    {
        // Large samples take the radix sort, which orders -0 before +0; the walk must still see one value.
        var negative = Enumerable.Repeat(-0.0, size).Append(1.0).ToArray();
        var positive = Enumerable.Repeat(0.0, size).Append(1.0).ToArray();
        var mixed = negative.Concat(positive).ToArray();
        Assert.Equal(0.0, KolmogorovSmirnov.Test(negative, positive).Statistic);
        Assert.Equal(0.0, KolmogorovSmirnov.Test(mixed, positive).Statistic);
        Assert.Equal(0.0, Wasserstein.Test(mixed, negative, 0.1).Statistic);
        var allPositive = positive.Concat(positive).ToArray();
        Assert.Equal(CramerVonMises.Test(allPositive, positive).Statistic, CramerVonMises.Test(mixed, positive).Statistic);
    }

    [Fact]
    public void Test_NaNValues_AreDroppedAndCounted()
    {
        double[] reference = [double.NaN, 1, 2, 3, double.NaN];
        double[] current = [1, 2, double.NaN, 3];
        var result = KolmogorovSmirnov.Test(reference, current);
        Assert.Equal(2, result.ReferenceDropped);
        Assert.Equal(1, result.CurrentDropped);
        Assert.Equal(3, result.ReferenceCount);
        Assert.Equal(3, result.CurrentCount);
        Assert.Equal(0.0, result.Statistic);
    }

    [Fact]
    public void Test_MillionValuesPerSide_MatchesSortedStatistic()
    {
        var rng = new Lcg(7);
        var a = new double[1_000_000];
        var b = new double[1_000_000];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = rng.Uniform();
            b[i] = rng.Uniform() * 1.001;
        }

        var result = KolmogorovSmirnov.Test(a, b);
        Array.Sort(a);
        Array.Sort(b);
        Assert.Equal(KolmogorovSmirnov.Statistic(a, b), result.Statistic);
        Assert.InRange(result.Statistic, 0.0002, 0.003);
        Assert.Equal(PValueMethod.Asymptotic, result.PValueMethod);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Test_EmptySample_ThrowsNamingIt(bool referenceEmpty)
    {
        double[] some = [1, 2, 3];
        var ex = Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.Test(referenceEmpty ? [] : some, referenceEmpty ? some : []));
        Assert.Equal(referenceEmpty ? "reference" : "current", ex.ParamName);
    }

    [Fact]
    public void Test_AllNaNSample_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.Test([1, 2], [double.NaN, double.NaN]));
        Assert.Equal("current", ex.ParamName);
        Assert.Contains("only NaN", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Test_InfiniteValue_ThrowsNamingSample(double bad)
    {
        var ex = Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.Test([1, bad], [1, 2]));
        Assert.Equal("reference", ex.ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Test_SignificanceOutOfRange_Throws(double significance)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnov.Test([1, 2], [1, 2], significance));
        Assert.Equal("significance", ex.ParamName);
    }

    [Fact]
    public void Test_UndefinedEnums_Throw()
    {
        Assert.Equal("alternative", Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnov.Test([1, 2], [1, 2], alternative: (TestAlternative)9)).ParamName);
        Assert.Equal("mode", Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnov.Test([1, 2], [1, 2], mode: (PValueMode)9)).ParamName);
    }

    [Fact]
    public void Statistic_EmptySortedSample_ThrowsNamingIt()
    {
        Assert.Equal("sortedCurrent", Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.Statistic([1.0], [])).ParamName);
        Assert.Equal("sortedReference", Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.Statistic([], [1.0])).ParamName);
    }

    private static double SumWithoutNaN(double[] values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                sum += v;
            }
        }

        return sum;
    }
}
