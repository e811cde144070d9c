namespace ModelMonitor.Projection;

/// <summary>The a and b of UMAP's low-dimensional similarity <c>1 / (1 + a d^(2b))</c>.</summary>
internal static class CurveFit
{
    /// <summary>
    /// Least-squares fit (Levenberg-Marquardt) of the curve to 1 below <paramref name="minDist"/> and
    /// <c>exp(-(d - minDist) / spread)</c> above, on 300 points of [0, 3 spread] — the target of umap-learn's
    /// <c>find_ab_params</c>.
    /// </summary>
    public static (double A, double B) FitAB(double spread, double minDist)
    {
        const int count = 300;
        var xs = new double[count];
        var ys = new double[count];
        for (var i = 0; i < count; i++)
        {
            xs[i] = spread * 3 * i / (count - 1);
            ys[i] = xs[i] < minDist ? 1.0 : Math.Exp(-(xs[i] - minDist) / spread);
        }

        double a = 1, b = 1, lambda = 1e-3;
        var cost = Cost(xs, ys, a, b);
        for (var it = 0; it < 500; it++)
        {
            double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
            for (var i = 0; i < count; i++)
            {
                var x = xs[i];
                if (x <= 0)
                {
                    continue;
                }

                var p = Math.Pow(x, 2 * b);
                var den = 1 + (a * p);
                var f = 1 / den;
                var r = ys[i] - f;
                var da = -p / (den * den);
                var db = -a * p * 2 * Math.Log(x) / (den * den);
                jaa += da * da;
                jab += da * db;
                jbb += db * db;
                ga += da * r;
                gb += db * r;
            }

            var improved = false;
            while (lambda < 1e12)
            {
                var m11 = jaa * (1 + lambda);
                var m22 = jbb * (1 + lambda);
                var det = (m11 * m22) - (jab * jab);
                var stepA = ((m22 * ga) - (jab * gb)) / det;
                var stepB = ((m11 * gb) - (jab * ga)) / det;
                var na = a + stepA;
                var nb = b + stepB;
                var nc = na > 0 && nb > 0 ? Cost(xs, ys, na, nb) : double.PositiveInfinity;
                if (nc < cost)
                {
                    var done = Math.Abs(stepA) <= 1e-13 * Math.Abs(a) && Math.Abs(stepB) <= 1e-13 * Math.Abs(b);
                    (a, b, cost) = (na, nb, nc);
                    lambda = Math.Max(lambda / 10, 1e-12);
                    improved = !done;
                    break;
                }

                lambda *= 10;
            }

            if (!improved)
            {
                break;
            }
        }

        return (a, b);
    }

    private static double Cost(double[] xs, double[] ys, double a, double b)
    {
        var sum = 0.0;
        for (var i = 0; i < xs.Length; i++)
        {
            var f = 1 / (1 + (a * Math.Pow(xs[i], 2 * b)));
            var r = ys[i] - f;
            sum += r * r;
        }

        return sum;
    }
}
