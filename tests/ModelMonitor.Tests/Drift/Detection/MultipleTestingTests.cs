using ModelMonitor.Drift;

namespace ModelMonitor.Tests.Drift.Detection;

public class MultipleTestingTests
{
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.5), "BH") = 0.025 0.05 0.05 0.025 0.5;
    //    p.adjust(..., "bonferroni") = 0.05 0.2 0.15 0.025 1.
    [Theory]
    [InlineData(MultipleTestingCorrection.None, new[] { 0.01, 0.04, 0.03, 0.005, 0.5 })]
    [InlineData(MultipleTestingCorrection.Bonferroni, new[] { 0.05, 0.2, 0.15, 0.025, 1.0 })]
    [InlineData(MultipleTestingCorrection.BenjaminiHochberg, new[] { 0.025, 0.05, 0.05, 0.025, 0.5 })]
    public void Adjust_KnownPValues_MatchesR(MultipleTestingCorrection correction, double[] expected)
    {
        var adjusted = MultipleTesting.Adjust([0.01, 0.04, 0.03, 0.005, 0.5], correction);

        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], adjusted[i], 12);
        }
    }

    [Fact]
    public void Adjust_Empty_ReturnsEmpty()
    {
        Assert.Empty(MultipleTesting.Adjust([], MultipleTestingCorrection.BenjaminiHochberg));
    }

    [Fact]
    public void Adjust_PValueOutOfRange_ThrowsNamingPValues()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => MultipleTesting.Adjust([0.5, double.NaN], MultipleTestingCorrection.None));

        Assert.Equal("pValues", ex.ParamName);
    }
}
