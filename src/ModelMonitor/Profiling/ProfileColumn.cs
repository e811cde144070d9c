namespace ModelMonitor.Profiling;

/// <summary>One column of a column-oriented table to profile: typed values, no boxing.</summary>
public sealed class ProfileColumn
{
    private readonly double[]? _numbers;
    private readonly IReadOnlyList<string?>? _strings;
    private readonly IReadOnlyList<bool?>? _booleans;
    private readonly IReadOnlyList<DateTime?>? _dates;
    private readonly IReadOnlyList<float[]?>? _vectors;

    private ProfileColumn(string name, int length, double[]? numbers = null, IReadOnlyList<string?>? strings = null, IReadOnlyList<bool?>? booleans = null, IReadOnlyList<DateTime?>? dates = null, IReadOnlyList<float[]?>? vectors = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Length = length;
        _numbers = numbers;
        _strings = strings;
        _booleans = booleans;
        _dates = dates;
        _vectors = vectors;
    }

    /// <summary>Gets the column's name.</summary>
    public string Name { get; }

    /// <summary>Gets the number of rows.</summary>
    public int Length { get; }

    /// <summary>A column of numbers; NaN is missing.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="values">The values (not copied).</param>
    /// <returns>The column.</returns>
    public static ProfileColumn Numeric(string name, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new ProfileColumn(name, values.Length, numbers: values);
    }

    /// <summary>A column of strings, never parsed; null is missing.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="values">The values (not copied).</param>
    /// <returns>The column.</returns>
    public static ProfileColumn Text(string name, IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new ProfileColumn(name, values.Count, strings: values);
    }

    /// <summary>A column of booleans; null is missing.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="values">The values (not copied).</param>
    /// <returns>The column.</returns>
    public static ProfileColumn Boolean(string name, IReadOnlyList<bool?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new ProfileColumn(name, values.Count, booleans: values);
    }

    /// <summary>A column of dates; null is missing.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="values">The values (not copied).</param>
    /// <returns>The column.</returns>
    public static ProfileColumn DateTime(string name, IReadOnlyList<DateTime?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new ProfileColumn(name, values.Count, dates: values);
    }

    /// <summary>A column of vectors (embeddings); null is missing.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="values">The values (not copied).</param>
    /// <returns>The column.</returns>
    public static ProfileColumn Vector(string name, IReadOnlyList<float[]?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new ProfileColumn(name, values.Count, vectors: values);
    }

    internal void Add(ProfileBuilder builder, int column, int row)
    {
        if (_numbers is not null)
        {
            builder.AddNumber(column, _numbers[row]);
        }
        else if (_strings is not null)
        {
            if (_strings[row] is { } s)
            {
                builder.AddString(column, s);
            }
        }
        else if (_booleans is not null)
        {
            if (_booleans[row] is { } b)
            {
                builder.AddBoolean(column, b);
            }
        }
        else if (_dates is not null)
        {
            if (_dates[row] is { } d)
            {
                builder.AddDateTime(column, d);
            }
        }
        else if (_vectors![row] is { } v)
        {
            builder.AddVector(column, v);
        }
    }
}
