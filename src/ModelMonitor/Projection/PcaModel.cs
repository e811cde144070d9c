namespace ModelMonitor.Projection;

/// <summary>A fitted principal component analysis: the mean, the axes and their explained variance. Immutable and thread-safe.</summary>
public sealed class PcaModel
{
    private readonly double[] _mean;
    private readonly double[] _components;
    private readonly double[] _scale;

    internal PcaModel(int dimension, int fittedCount, PcaSolver solver, bool whiten, double[] mean, double[] components, double[] variance, double[] ratio)
    {
        Dimension = dimension;
        FittedCount = fittedCount;
        Solver = solver;
        Whiten = whiten;
        _mean = mean;
        _components = components;
        ExplainedVariance = variance;
        ExplainedVarianceRatio = ratio;
        _scale = new double[variance.Length];
        for (var c = 0; c < variance.Length; c++)
        {
            _scale[c] = whiten ? (variance[c] > 0 ? 1 / Math.Sqrt(variance[c]) : 0) : 1;
        }
    }

    /// <summary>The length of the vectors the model was fitted on.</summary>
    public int Dimension { get; }

    /// <summary>The number of vectors the model was fitted on.</summary>
    public int FittedCount { get; }

    /// <summary>The number of components kept.</summary>
    public int Components => ExplainedVariance.Count;

    /// <summary>The solver that ran (never <see cref="PcaSolver.Auto"/>).</summary>
    public PcaSolver Solver { get; }

    /// <summary>Whether <see cref="Transform(ReadOnlySpan{double})"/> whitens.</summary>
    public bool Whiten { get; }

    /// <summary>The variance of the fitted data along each component (divisor n - 1), largest first.</summary>
    public IReadOnlyList<double> ExplainedVariance { get; }

    /// <summary>The share of the total variance along each component.</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio { get; }

    /// <summary>The mean of the fitted vectors.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>A copy of one principal axis (unit length, loading of largest magnitude positive).</summary>
    /// <param name="index">The component, 0 for the first.</param>
    /// <returns>The axis, <see cref="Dimension"/> values.</returns>
    public double[] Component(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Components);
        return _components.AsSpan(index * Dimension, Dimension).ToArray();
    }

    /// <summary>Projects vectors onto the components.</summary>
    /// <param name="vectors">Vectors of <see cref="Dimension"/> values each, row-major.</param>
    /// <returns>Their coordinates, <see cref="Components"/> per vector, row-major.</returns>
    /// <exception cref="ArgumentException">The buffer is not a whole number of vectors of the fitted dimension, or holds NaN or infinity.</exception>
    public double[] Transform(ReadOnlySpan<double> vectors)
    {
        var n = VectorInput.Rows(vectors, Dimension, nameof(vectors));
        VectorInput.ThrowIfNotFinite(vectors, Dimension, nameof(vectors));
        var k = Components;
        var result = new double[n * k];
        var centred = new double[Dimension];
        for (var i = 0; i < n; i++)
        {
            vectors.Slice(i * Dimension, Dimension).CopyTo(centred);
            Project(centred, result.AsSpan(i * k, k));
        }

        return result;
    }

    /// <summary>Projects single-precision vectors onto the components.</summary>
    /// <param name="vectors">Vectors of <see cref="Dimension"/> values each, row-major.</param>
    /// <returns>Their coordinates, <see cref="Components"/> per vector, row-major.</returns>
    /// <exception cref="ArgumentException">The buffer is not a whole number of vectors of the fitted dimension, or holds NaN or infinity.</exception>
    public float[] Transform(ReadOnlySpan<float> vectors)
    {
        var n = VectorInput.Rows(vectors, Dimension, nameof(vectors));
        VectorInput.ThrowIfNotFinite(vectors, Dimension, nameof(vectors));
        var k = Components;
        var result = new float[n * k];
        var centred = new double[Dimension];
        Span<double> coords = stackalloc double[k];
        for (var i = 0; i < n; i++)
        {
            var row = vectors.Slice(i * Dimension, Dimension);
            for (var j = 0; j < Dimension; j++)
            {
                centred[j] = row[j];
            }

            Project(centred, coords);
            for (var c = 0; c < k; c++)
            {
                result[(i * k) + c] = (float)coords[c];
            }
        }

        return result;
    }

    private void Project(Span<double> row, Span<double> destination)
    {
        VectorMath.AddScaled(row, -1, _mean);
        for (var c = 0; c < destination.Length; c++)
        {
            destination[c] = VectorMath.Dot(row, _components.AsSpan(c * Dimension, Dimension)) * _scale[c];
        }
    }
}
