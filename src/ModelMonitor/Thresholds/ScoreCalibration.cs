namespace ModelMonitor.Thresholds;

/// <summary>How well scores are calibrated as probabilities, and two ways to recalibrate them on a holdout set.</summary>
/// <remarks>
/// <para>
/// <see cref="Reliability"/> matches scikit-learn's <c>calibration_curve(strategy='uniform')</c>: bin
/// <c>b</c> of <c>k</c> holds the scores with <c>b</c> inner edges <c>i / k</c> strictly below them
/// (NumPy's <c>searchsorted</c>, side left), and empty bins are left out.
/// </para>
/// <para>
/// <see cref="FitIsotonic"/> is scikit-learn's <c>IsotonicRegression(out_of_bounds='clip')</c>: the
/// non-decreasing step fit of the labels by pool-adjacent-violators, linearly interpolated between the
/// distinct scores and clipped outside them. <see cref="FitPlatt"/> fits <c>sigmoid(a s + b)</c> by
/// maximum likelihood (Newton's method); it equals scikit-learn's <c>LogisticRegression</c> on the
/// score with a very large <c>C</c>, not Platt's original smoothed targets. When the holdout is
/// separable the likelihood has no maximum and the slope grows until the iteration limit.
/// </para>
/// <para>Input rules as in <see cref="BinaryCurves"/>. Thread-safe (no shared state).</para>
/// </remarks>
public static class ScoreCalibration
{
    /// <summary>The reliability curve and expected calibration error on uniform bins.</summary>
    /// <param name="scores">Probability of the positive class per holdout row, in [0, 1].</param>
    /// <param name="labels">Whether each holdout row is positive.</param>
    /// <param name="bins">The number of equal-width bins over [0, 1], at least 1.</param>
    /// <returns>The non-empty bins and the ECE.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The holdout is invalid (see <see cref="BinaryCurves"/>).</exception>
    public static ReliabilityCurve Reliability(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, int bins = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        BinaryCounts.Validate(scores, labels);
        var step = 1.0 / bins;
        var sums = new double[bins];
        var positives = new double[bins];
        var totals = new int[bins];
        for (var i = 0; i < scores.Length; i++)
        {
            var b = 0;
            while (b < bins - 1 && (b + 1) * step < scores[i])
            {
                b++;
            }

            sums[b] += scores[i];
            positives[b] += labels[i] ? 1 : 0;
            totals[b]++;
        }

        var fraction = new List<double>();
        var mean = new List<double>();
        var counts = new List<int>();
        var ece = 0.0;
        for (var b = 0; b < bins; b++)
        {
            if (totals[b] == 0)
            {
                continue;
            }

            fraction.Add(positives[b] / totals[b]);
            mean.Add(sums[b] / totals[b]);
            counts.Add(totals[b]);
            ece += (double)totals[b] / scores.Length * Math.Abs(fraction[^1] - mean[^1]);
        }

        return new ReliabilityCurve(fraction, mean, counts, ece);
    }

    /// <summary>Fits an isotonic (non-decreasing) map from score to probability.</summary>
    /// <param name="scores">Probability of the positive class per holdout row, in [0, 1].</param>
    /// <param name="labels">Whether each holdout row is positive.</param>
    /// <returns>The fitted map.</returns>
    /// <exception cref="ArgumentException">The holdout is invalid (see <see cref="BinaryCurves"/>).</exception>
    public static IsotonicCalibration FitIsotonic(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        BinaryCounts.Validate(scores, labels);
        var keys = scores.ToArray();
        var items = labels.ToArray();
        Array.Sort(keys, items);

        // Distinct scores with the mean label and weight of their ties.
        var x = new List<double>();
        var y = new List<double>();
        var w = new List<double>();
        for (var i = 0; i < keys.Length;)
        {
            var j = i;
            var sum = 0.0;
            while (j < keys.Length && keys[j] == keys[i])
            {
                sum += items[j] ? 1 : 0;
                j++;
            }

            x.Add(keys[i]);
            y.Add(sum / (j - i));
            w.Add(j - i);
            i = j;
        }

        // Pool adjacent violators over blocks.
        var value = new List<double>();
        var weight = new List<double>();
        var end = new List<int>();
        for (var i = 0; i < x.Count; i++)
        {
            value.Add(y[i]);
            weight.Add(w[i]);
            end.Add(i);
            while (value.Count > 1 && value[^2] >= value[^1])
            {
                var merged = weight[^2] + weight[^1];
                value[^2] = ((value[^2] * weight[^2]) + (value[^1] * weight[^1])) / merged;
                weight[^2] = merged;
                end[^2] = end[^1];
                value.RemoveAt(value.Count - 1);
                weight.RemoveAt(weight.Count - 1);
                end.RemoveAt(end.Count - 1);
            }
        }

        var fitted = new double[x.Count];
        var start = 0;
        for (var b = 0; b < value.Count; b++)
        {
            for (var i = start; i <= end[b]; i++)
            {
                fitted[i] = value[b];
            }

            start = end[b] + 1;
        }

        return new IsotonicCalibration([.. x], fitted);
    }

    /// <summary>Fits Platt scaling, <c>p = 1 / (1 + exp(-(a s + b)))</c>, by maximum likelihood.</summary>
    /// <param name="scores">Probability of the positive class per holdout row, in [0, 1].</param>
    /// <param name="labels">Whether each holdout row is positive.</param>
    /// <returns>The fitted slope and intercept.</returns>
    /// <exception cref="ArgumentException">The holdout is invalid (see <see cref="BinaryCurves"/>).</exception>
    public static PlattCalibration FitPlatt(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        BinaryCounts.Validate(scores, labels);
        double a = 0, b = 0;
        for (var iteration = 0; iteration < 200; iteration++)
        {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (var i = 0; i < scores.Length; i++)
            {
                var p = PlattCalibration.Sigmoid((a * scores[i]) + b);
                var r = p - (labels[i] ? 1 : 0);
                var v = p * (1 - p);
                ga += r * scores[i];
                gb += r;
                haa += v * scores[i] * scores[i];
                hab += v * scores[i];
                hbb += v;
            }

            var det = (haa * hbb) - (hab * hab);
            if (!(det > 0))
            {
                break;
            }

            var da = ((hbb * ga) - (hab * gb)) / det;
            var db = ((haa * gb) - (hab * ga)) / det;
            a -= da;
            b -= db;
            if (Math.Abs(da) + Math.Abs(db) < 1e-13 * (1 + Math.Abs(a) + Math.Abs(b)))
            {
                break;
            }
        }

        return new PlattCalibration(a, b);
    }
}
