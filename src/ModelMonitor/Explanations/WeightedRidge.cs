using MathNet.Numerics.LinearAlgebra;

namespace ModelMonitor.Explanations;

/// <summary>
/// Ridge regression with an intercept and sample weights, as scikit-learn's <c>Ridge</c> fits it:
/// the columns and the target are centred on their weighted means, the penalty does not touch the
/// intercept, and the normal equations are solved by Cholesky.
/// </summary>
/// <remarks>Cost O(n·d²) for n rows and d columns; explanations keep d small (the words of one sentence).</remarks>
internal static class WeightedRidge
{
    /// <summary>Fits <c>y ≈ intercept + X[:, columns]·coef</c>.</summary>
    /// <param name="x">Row-major design matrix, <paramref name="width"/> columns per row.</param>
    /// <param name="width">The number of columns of <paramref name="x"/>.</param>
    /// <param name="columns">The columns to use, in coefficient order.</param>
    /// <param name="y">The target per row.</param>
    /// <param name="weights">The weight per row, positive.</param>
    /// <param name="alpha">The penalty, at least 0.</param>
    public static (double[] Coefficients, double Intercept) Fit(
        ReadOnlySpan<double> x, int width, ReadOnlySpan<int> columns, ReadOnlySpan<double> y, ReadOnlySpan<double> weights, double alpha)
    {
        var n = y.Length;
        var d = columns.Length;
        double weightSum = 0, yMean = 0;
        var xMean = new double[d];
        for (var i = 0; i < n; i++)
        {
            var w = weights[i];
            weightSum += w;
            yMean += w * y[i];
            var row = x.Slice(i * width, width);
            for (var j = 0; j < d; j++)
            {
                xMean[j] += w * row[columns[j]];
            }
        }

        yMean /= weightSum;
        for (var j = 0; j < d; j++)
        {
            xMean[j] /= weightSum;
        }

        if (d == 0)
        {
            return ([], yMean);
        }

        // Accumulated in plain arrays (MathNet's indexer costs a call per update), then handed over once.
        var gram = new double[d * d];
        var moment = new double[d];
        var centred = new double[d];
        for (var i = 0; i < n; i++)
        {
            var w = weights[i];
            var row = x.Slice(i * width, width);
            for (var j = 0; j < d; j++)
            {
                centred[j] = row[columns[j]] - xMean[j];
            }

            var yc = y[i] - yMean;
            for (var j = 0; j < d; j++)
            {
                var wj = w * centred[j];
                moment[j] += wj * yc;
                var gramRow = gram.AsSpan(j * d, d);
                for (var k = j; k < d; k++)
                {
                    gramRow[k] += wj * centred[k];
                }
            }
        }

        for (var j = 0; j < d; j++)
        {
            gram[(j * d) + j] += alpha;
            for (var k = 0; k < j; k++)
            {
                gram[(j * d) + k] = gram[(k * d) + j];
            }
        }

        // Row-major and symmetric, so reading it as column-major changes nothing.
        var matrix = Matrix<double>.Build.Dense(d, d, gram);
        var rhs = Vector<double>.Build.Dense(moment);

        // A column that never varies has a zero row: with alpha = 0 the system is singular, and the least-squares answer gives it no weight.
        var coefficients = alpha > 0 ? matrix.Cholesky().Solve(rhs).ToArray() : matrix.Svd().Solve(rhs).ToArray();
        var intercept = yMean;
        for (var j = 0; j < d; j++)
        {
            intercept -= xMean[j] * coefficients[j];
        }

        return (coefficients, intercept);
    }

    /// <summary>The prediction of a fitted model for one row.</summary>
    public static double Predict(ReadOnlySpan<double> row, ReadOnlySpan<int> columns, ReadOnlySpan<double> coefficients, double intercept)
    {
        var value = intercept;
        for (var j = 0; j < columns.Length; j++)
        {
            value += row[columns[j]] * coefficients[j];
        }

        return value;
    }

    /// <summary>The weighted coefficient of determination, scikit-learn's <c>score(X, y, sample_weight)</c>.</summary>
    public static double Score(
        ReadOnlySpan<double> x, int width, ReadOnlySpan<int> columns, ReadOnlySpan<double> y, ReadOnlySpan<double> weights, ReadOnlySpan<double> coefficients, double intercept)
    {
        double weightSum = 0, yMean = 0;
        for (var i = 0; i < y.Length; i++)
        {
            weightSum += weights[i];
            yMean += weights[i] * y[i];
        }

        yMean /= weightSum;
        double residual = 0, total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var error = y[i] - Predict(x.Slice(i * width, width), columns, coefficients, intercept);
            residual += weights[i] * error * error;
            total += weights[i] * (y[i] - yMean) * (y[i] - yMean);
        }

        // sklearn's r2_score: a constant target scores 1 when predicted exactly, 0 otherwise.
        return total == 0 ? (residual == 0 ? 1 : 0) : 1 - (residual / total);
    }
}
