namespace ModelMonitor.Projection;

/// <summary>Checks the flat row-major vector buffers the projection API takes, and names what is wrong.</summary>
internal static class VectorInput
{
    public static int Rows<T>(ReadOnlySpan<T> vectors, int dimension, string paramName)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (vectors.Length % dimension != 0)
        {
            throw new ArgumentException(
                $"The buffer holds {vectors.Length} values, not a whole number of {dimension}-dimensional vectors (dimension mismatch).",
                paramName);
        }

        return vectors.Length / dimension;
    }

    public static void ThrowIfNotFinite(ReadOnlySpan<double> vectors, int dimension, string paramName)
    {
        for (var i = 0; i < vectors.Length; i++)
        {
            if (!double.IsFinite(vectors[i]))
            {
                throw new ArgumentException(
                    $"Vector {i / dimension}, component {i % dimension} is {vectors[i]}; projections need finite values.", paramName);
            }
        }
    }

    public static void ThrowIfNotFinite(ReadOnlySpan<float> vectors, int dimension, string paramName)
    {
        for (var i = 0; i < vectors.Length; i++)
        {
            if (!float.IsFinite(vectors[i]))
            {
                throw new ArgumentException(
                    $"Vector {i / dimension}, component {i % dimension} is {vectors[i]}; projections need finite values.", paramName);
            }
        }
    }

    public static void ThrowIfDimensionDiffers(int expected, int actual, string paramName)
    {
        if (expected != actual)
        {
            throw new ArgumentException(
                $"The model was fitted on {expected}-dimensional vectors; these have {actual} (dimension mismatch).", paramName);
        }
    }

    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }

    public static void ThrowIfFewerThan(int minimum, int count, string paramName)
    {
        if (count < minimum)
        {
            throw new ArgumentException($"At least {minimum} vectors are needed; got {count}.", paramName);
        }
    }
}
