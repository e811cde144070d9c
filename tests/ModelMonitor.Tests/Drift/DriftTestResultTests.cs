using System.Text.Json;
using ModelMonitor.Drift;

namespace ModelMonitor.Tests.Drift;

public class DriftTestResultTests
{
    [Theory]
    [InlineData(0.01, 0.05, true)]
    [InlineData(0.05, 0.05, false)]
    [InlineData(0.2, 0.05, false)]
    [InlineData(0.0, 0.05, true)]
    public void IsDrift_WithPValue_IsPValueBelowThreshold(double pValue, double threshold, bool expected)
    {
        // The statistic is ignored when there is a p-value, however large it is.
        var result = new DriftTestResult(DriftMethod.KolmogorovSmirnov, 0.9, pValue, threshold, 10, 10);
        Assert.Equal(expected, result.IsDrift);
    }

    [Theory]
    [InlineData(0.09, 0.1, false)]
    [InlineData(0.1, 0.1, true)]
    [InlineData(0.5, 0.1, true)]
    [InlineData(double.PositiveInfinity, 0.1, true)]
    public void IsDrift_WithoutPValue_IsStatisticAtLeastThreshold(double statistic, double threshold, bool expected)
    {
        var result = new DriftTestResult(DriftMethod.Wasserstein, statistic, null, threshold, 10, 10);
        Assert.Equal(expected, result.IsDrift);
        Assert.Equal(PValueMethod.None, result.PValueMethod);
    }

    [Fact]
    public void Constructor_NaNStatistic_Throws() =>
        Assert.Equal("statistic", Assert.Throws<ArgumentOutOfRangeException>(() => new DriftTestResult(DriftMethod.Wasserstein, double.NaN, null, 0.1, 1, 1)).ParamName);

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    public void Constructor_PValueOutsideUnitInterval_Throws(double pValue) =>
        Assert.Equal("pValue", Assert.Throws<ArgumentOutOfRangeException>(() => new DriftTestResult(DriftMethod.KolmogorovSmirnov, 0.1, pValue, 0.05, 1, 1)).ParamName);

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.1)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_BadThreshold_Throws(double threshold) =>
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => new DriftTestResult(DriftMethod.KolmogorovSmirnov, 0.1, 0.5, threshold, 1, 1)).ParamName);

    [Fact]
    public void Constructor_NegativeCounts_Throw()
    {
        Assert.Equal("referenceCount", Assert.Throws<ArgumentOutOfRangeException>(() => new DriftTestResult(DriftMethod.Wasserstein, 0, null, 0.1, -1, 1)).ParamName);
        Assert.Equal("currentCount", Assert.Throws<ArgumentOutOfRangeException>(() => new DriftTestResult(DriftMethod.Wasserstein, 0, null, 0.1, 1, -1)).ParamName);
    }

    [Fact]
    public void SystemTextJson_RoundTrip_KeepsEveryValue()
    {
        var result = KolmogorovSmirnov.Test([1, 2, 3, double.NaN, 7], [4, 5, 6, 8], alternative: TestAlternative.Less);
        var json = JsonSerializer.Serialize(result);
        var back = JsonSerializer.Deserialize<DriftTestResult>(json);
        Assert.Equal(result, back);
        Assert.Contains("\"IsDrift\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void SystemTextJson_InfiniteStatistic_NeedsNamedFloatingPointLiterals()
    {
        // A category the reference never saw makes the goodness-of-fit statistic infinite.
        var result = ChiSquare.GoodnessOfFit([5, 5, 0], [5, 5, 1]);
        Assert.Throws<ArgumentException>(() => JsonSerializer.Serialize(result));
        var options = new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
        var back = JsonSerializer.Deserialize<DriftTestResult>(JsonSerializer.Serialize(result, options), options);
        Assert.Equal(result, back);
    }
}
