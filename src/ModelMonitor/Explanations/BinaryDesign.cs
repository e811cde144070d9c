using System.Buffers;
using BitOperations = System.Numerics.BitOperations;
using MathNet.Numerics.LinearAlgebra;

namespace ModelMonitor.Explanations;

/// <summary>
/// A weighted ridge regression over a 0/1 design matrix (LIME's "which features are present"),
/// as <see cref="WeightedRidge"/> fits it, without touching the n x d matrix more than once.
/// </summary>
/// <remarks>
/// <para>
/// Rows are bit masks (<see cref="Stride"/> words per row, bit j of the row = column j). Each row
/// belongs to a level whose weight it takes: LIME's kernel depends only on how many features a
/// sample keeps, so an explanation has at most d + 1 levels. The weighted Gram matrix is then
/// <c>S[j,k] = Σ_level w_level · #(rows of the level holding both j and k)</c>, counted with
/// popcounts over per-column bitsets of the rows: O(d² · (n / 64 + levels)) word operations
/// instead of the O(n · d²) multiply-adds of a dense accumulation, and the counts are exact
/// integers. The moments with the target need one pass over the present bits, O(n · kept).
/// </para>
/// <para>
/// Every fit on a subset of the columns (feature selection tries many) reads the same raw
/// moments, centred on the weighted means as scikit-learn's <c>Ridge</c> does, so it costs
/// O(|columns|³) and no pass over the rows. Scores (weighted R²) are computed row by row from the
/// masks, as scikit-learn computes them.
/// </para>
/// </remarks>
internal sealed class BinaryDesign
{
    private readonly ulong[] _masks;
    private readonly double[] _y;
    private readonly double[] _rowWeights;
    private readonly double[] _gram;
    private readonly double[] _moment;
    private readonly double _weightSum;
    private readonly double _weightedTargetSum;

    /// <summary>Computes the moments of a design.</summary>
    /// <param name="masks">Row-major bit masks, <paramref name="stride"/> words per row; bits at or past <paramref name="columns"/> are zero.</param>
    /// <param name="stride">Words per row, <c>ceil(columns / 64)</c>.</param>
    /// <param name="columns">The number of columns d.</param>
    /// <param name="levels">Each row's level, in [0, levelWeights.Length).</param>
    /// <param name="levelWeights">The weight of each level, positive.</param>
    /// <param name="y">The target per row; its length is the number of rows.</param>
    public BinaryDesign(ulong[] masks, int stride, int columns, ReadOnlySpan<int> levels, ReadOnlySpan<double> levelWeights, double[] y)
    {
        _masks = masks;
        _y = y;
        Stride = stride;
        Width = columns;
        var n = y.Length;
        var d = columns;
        _rowWeights = new double[n];
        for (var i = 0; i < n; i++)
        {
            _rowWeights[i] = levelWeights[levels[i]];
        }

        // Rows grouped by level, each level starting on a fresh word, so one popcount never mixes two weights.
        var levelCount = levelWeights.Length;
        var rowsPerLevel = new int[levelCount];
        for (var i = 0; i < n; i++)
        {
            rowsPerLevel[levels[i]]++;
        }

        var levelStart = new int[levelCount + 1];
        for (var l = 0; l < levelCount; l++)
        {
            levelStart[l + 1] = levelStart[l] + ((rowsPerLevel[l] + 63) >> 6);
        }

        var words = levelStart[levelCount];
        var bits = ArrayPool<ulong>.Shared.Rent(d * words);
        try
        {
            bits.AsSpan(0, d * words).Clear();
            var cursor = new int[levelCount];
            _moment = new double[d];
            for (var i = 0; i < n; i++)
            {
                var level = levels[i];
                var position = cursor[level]++;
                var word = levelStart[level] + (position >> 6);
                var bit = 1UL << (position & 63);
                var wy = _rowWeights[i] * y[i];
                _weightSum += _rowWeights[i];
                _weightedTargetSum += wy;
                var row = masks.AsSpan(i * stride, stride);
                for (var s = 0; s < stride; s++)
                {
                    var m = row[s];
                    while (m != 0)
                    {
                        var j = (s << 6) + BitOperations.TrailingZeroCount(m);
                        m &= m - 1;
                        bits[(j * words) + word] |= bit;
                        _moment[j] += wy;
                    }
                }
            }

            _gram = new double[d * d];
            for (var j = 0; j < d; j++)
            {
                var a = bits.AsSpan(j * words, words);
                for (var k = j; k < d; k++)
                {
                    var b = bits.AsSpan(k * words, words);
                    var sum = 0.0;
                    for (var l = 0; l < levelCount; l++)
                    {
                        var count = 0;
                        for (var w = levelStart[l]; w < levelStart[l + 1]; w++)
                        {
                            count += BitOperations.PopCount(a[w] & b[w]);
                        }

                        sum += levelWeights[l] * count;
                    }

                    _gram[(j * d) + k] = sum;
                    _gram[(k * d) + j] = sum;
                }
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(bits);
        }
    }

    /// <summary>Gets the number of columns.</summary>
    public int Width { get; }

    /// <summary>Gets the number of 64-bit words per row.</summary>
    public int Stride { get; }

    /// <summary>Gets the number of rows.</summary>
    public int RowCount => _y.Length;

    /// <summary>Fits <c>y ≈ intercept + X[:, columns]·coef</c>, as <see cref="WeightedRidge.Fit"/> does.</summary>
    public (double[] Coefficients, double Intercept) Fit(ReadOnlySpan<int> columns, double alpha)
    {
        var d = columns.Length;
        var yMean = _weightedTargetSum / _weightSum;
        if (d == 0)
        {
            return ([], yMean);
        }

        // Centring on the weighted means, from the raw sums: Σw(xj - μj)(xk - μk) = S[j,k] - S[j,j]·S[k,k] / W (for 0/1 columns S[j,j] = Σw·xj).
        var w = Width;
        var mean = new double[d];
        for (var a = 0; a < d; a++)
        {
            mean[a] = _gram[(columns[a] * w) + columns[a]] / _weightSum;
        }

        var gram = new double[d * d];
        var moment = new double[d];
        for (var a = 0; a < d; a++)
        {
            var ja = columns[a];
            moment[a] = _moment[ja] - (mean[a] * _weightedTargetSum);
            for (var b = 0; b < d; b++)
            {
                gram[(a * d) + b] = _gram[(ja * w) + columns[b]] - (mean[a] * mean[b] * _weightSum);
            }

            gram[(a * d) + a] += alpha;
        }

        var matrix = Matrix<double>.Build.Dense(d, d, gram);
        var rhs = Vector<double>.Build.Dense(moment);

        // As in WeightedRidge: a column that never varies leaves the unpenalised system singular; the least-squares answer gives it no weight.
        var coefficients = alpha > 0 ? matrix.Cholesky().Solve(rhs).ToArray() : matrix.Svd().Solve(rhs).ToArray();
        var intercept = yMean;
        for (var a = 0; a < d; a++)
        {
            intercept -= mean[a] * coefficients[a];
        }

        return (coefficients, intercept);
    }

    /// <summary>The prediction of a fitted model for row <paramref name="row"/>.</summary>
    public double Predict(int row, ReadOnlySpan<int> columns, ReadOnlySpan<double> coefficients, double intercept)
    {
        var mask = _masks.AsSpan(row * Stride, Stride);
        var value = intercept;
        for (var a = 0; a < columns.Length; a++)
        {
            var j = columns[a];
            if ((mask[j >> 6] & (1UL << (j & 63))) != 0)
            {
                value += coefficients[a];
            }
        }

        return value;
    }

    /// <summary>The weighted coefficient of determination, as <see cref="WeightedRidge.Score"/> computes it.</summary>
    public double Score(ReadOnlySpan<int> columns, ReadOnlySpan<double> coefficients, double intercept)
    {
        // Coefficients by column and a mask of the chosen columns, so each row adds only its present chosen bits.
        var byColumn = new double[Width];
        var chosen = new ulong[Stride];
        for (var a = 0; a < columns.Length; a++)
        {
            byColumn[columns[a]] = coefficients[a];
            chosen[columns[a] >> 6] |= 1UL << (columns[a] & 63);
        }

        var yMean = _weightedTargetSum / _weightSum;
        double residual = 0, total = 0;
        for (var i = 0; i < _y.Length; i++)
        {
            var prediction = intercept;
            for (var s = 0; s < Stride; s++)
            {
                var m = _masks[(i * Stride) + s] & chosen[s];
                while (m != 0)
                {
                    prediction += byColumn[(s << 6) + BitOperations.TrailingZeroCount(m)];
                    m &= m - 1;
                }
            }

            var error = _y[i] - prediction;
            residual += _rowWeights[i] * error * error;
            total += _rowWeights[i] * (_y[i] - yMean) * (_y[i] - yMean);
        }

        return total == 0 ? (residual == 0 ? 1 : 0) : 1 - (residual / total);
    }
}
