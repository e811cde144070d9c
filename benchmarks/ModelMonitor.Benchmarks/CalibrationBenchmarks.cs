using BenchmarkDotNet.Attributes;
using ModelMonitor.Thresholds;

namespace ModelMonitor.Benchmarks;

/// <summary>
/// Binary threshold calibration over a 1e6-row holdout: the precision-recall curve alone (what
/// scikit-learn's <c>precision_recall_curve</c> computes, the anchor in ../shared/bench) and the
/// whole calibration (both curves, both areas, every objective) from one sort.
/// </summary>
[MemoryDiagnoser]
public class CalibrationBenchmarks
{
    private const int N = 1_000_000;

    private static readonly ThresholdObjective[] AllObjectives =
    [
        ThresholdObjective.F1,
        ThresholdObjective.FBeta(2),
        ThresholdObjective.YoudenJ,
        ThresholdObjective.BalancedAccuracy,
        ThresholdObjective.RecallAtPrecision(0.9),
        ThresholdObjective.PrecisionAtRecall(0.9),
        ThresholdObjective.MinimumCost(1, 5),
    ];

    private double[] _scores = [];
    private bool[] _labels = [];

    [GlobalSetup]
    public void Setup()
    {
        _scores = BenchmarkData.Uniform(N, 23);
        var coin = BenchmarkData.Uniform(N, 29);
        _labels = new bool[N];
        for (var i = 0; i < N; i++)
        {
            // A useful but imperfect model: the label is drawn with the score as its probability.
            _labels[i] = coin[i] < _scores[i];
        }
    }

    [Benchmark(Baseline = true)]
    public int PrecisionRecallCurve() => BinaryCurves.PrecisionRecall(_scores, _labels).Thresholds.Count;

    [Benchmark]
    public double CurvesAndAllObjectives()
    {
        var result = ThresholdCalibrator.Calibrate(_scores, _labels, AllObjectives);
        return result.RocAuc + result.Selections[0].Threshold;
    }
}
