using Microsoft.ML;
using Microsoft.ML.Data;
using ModelMonitor.Profiling;

namespace ModelMonitor.MLNet;

/// <summary>
/// Builds a <see cref="ReferenceProfile"/> from an ML.NET <see cref="IDataView"/> in one pass,
/// without materialising it: one cursor with only the profiled columns active, one typed getter per
/// column created once.
/// </summary>
/// <remarks>
/// <para>
/// Supported column types: <see cref="float"/>, <see cref="double"/>, <see cref="int"/>,
/// <see cref="long"/>, <see cref="uint"/>, <see cref="bool"/>, text (<see cref="ReadOnlyMemory{T}"/>
/// of <see cref="char"/>), <see cref="DateTime"/>, key types (read as their 1-based index, 0
/// being missing) and known-size vectors of <see cref="float"/> or <see cref="double"/>
/// (embeddings). NaN numbers and empty text are missing.
/// </para>
/// <para>Stateless and thread-safe; each call opens its own cursor.</para>
/// </remarks>
public static class DataViewProfiler
{
    /// <summary>Profiles the columns of a view.</summary>
    /// <param name="data">The view.</param>
    /// <param name="columns">The columns to profile, or <see langword="null"/> for every visible column of a supported type.</param>
    /// <param name="options">Profile settings, or <see langword="null"/> for the defaults.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentException">A named column is missing or has an unsupported type; the message names it.</exception>
    public static ReferenceProfile Profile(IDataView data, IReadOnlyList<string>? columns = null, ProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var readers = Resolve(data.Schema, columns);
        var builder = new ProfileBuilder([.. readers.Select(r => r.Name)], options);
        using var cursor = data.GetRowCursor(readers.Select(r => r.Column));
        foreach (var reader in readers)
        {
            reader.Bind(cursor);
        }

        while (cursor.MoveNext())
        {
            builder.BeginRow();
            for (var i = 0; i < readers.Count; i++)
            {
                readers[i].Add(builder, i);
            }

            builder.EndRow();
        }

        return builder.Build();
    }

    private static List<ColumnReader> Resolve(DataViewSchema schema, IReadOnlyList<string>? names)
    {
        var readers = new List<ColumnReader>();
        if (names is null)
        {
            foreach (var column in schema)
            {
                if (!column.IsHidden && Create(column) is { } reader)
                {
                    readers.Add(reader);
                }
            }

            if (readers.Count == 0)
            {
                throw new ArgumentException("The view has no column of a type that can be profiled.", nameof(names));
            }

            return readers;
        }

        foreach (var name in names)
        {
            var column = schema.GetColumnOrNull(name) ?? throw new ArgumentException($"The view has no column '{name}'.", nameof(names));
            readers.Add(Create(column) ?? throw new ArgumentException($"Column '{name}' has type {column.Type}, which cannot be profiled.", nameof(names)));
        }

        return readers;
    }

    private static ColumnReader? Create(DataViewSchema.Column column)
    {
        var type = column.Type;
        if (type is KeyDataViewType)
        {
            // Key 0 is ML.NET's missing value.
            return new ValueReader<uint>(column, static (b, i, v) =>
            {
                if (v != 0)
                {
                    b.AddNumber(i, v);
                }
            });
        }

        if (type is VectorDataViewType vector)
        {
            if (!vector.IsKnownSize)
            {
                return null;
            }

            return vector.ItemType.RawType == typeof(float) ? new FloatVectorReader(column)
                : vector.ItemType.RawType == typeof(double) ? new DoubleVectorReader(column)
                : null;
        }

        var raw = type.RawType;
        return raw == typeof(float) ? new ValueReader<float>(column, static (b, i, v) => b.AddNumber(i, v))
            : raw == typeof(double) ? new ValueReader<double>(column, static (b, i, v) => b.AddNumber(i, v))
            : raw == typeof(int) ? new ValueReader<int>(column, static (b, i, v) => b.AddNumber(i, v))
            : raw == typeof(long) ? new ValueReader<long>(column, static (b, i, v) => b.AddNumber(i, v))
            : raw == typeof(uint) ? new ValueReader<uint>(column, static (b, i, v) => b.AddNumber(i, v))
            : raw == typeof(bool) ? new ValueReader<bool>(column, static (b, i, v) => b.AddBoolean(i, v))
            : raw == typeof(DateTime) ? new ValueReader<DateTime>(column, static (b, i, v) => b.AddDateTime(i, v))
            : raw == typeof(ReadOnlyMemory<char>) ? new ValueReader<ReadOnlyMemory<char>>(column, static (b, i, v) =>
            {
                // An empty text is ML.NET's missing text.
                if (!v.IsEmpty)
                {
                    b.AddString(i, v.Span);
                }
            })
            : null;
    }

    private abstract class ColumnReader(DataViewSchema.Column column)
    {
        public DataViewSchema.Column Column { get; } = column;

        public string Name => Column.Name;

        public abstract void Bind(DataViewRowCursor cursor);

        public abstract void Add(ProfileBuilder builder, int index);
    }

    /// <summary>A scalar column: the getter is made once per cursor, and <paramref name="add"/> hands each value to the builder.</summary>
    private sealed class ValueReader<T>(DataViewSchema.Column column, Action<ProfileBuilder, int, T> add) : ColumnReader(column)
    {
        private ValueGetter<T>? _getter;
        private T _value = default!;

        public override void Bind(DataViewRowCursor cursor) => _getter = cursor.GetGetter<T>(Column);

        public override void Add(ProfileBuilder builder, int index)
        {
            _getter!(ref _value);
            add(builder, index, _value);
        }
    }

    private sealed class FloatVectorReader(DataViewSchema.Column column) : ColumnReader(column)
    {
        private ValueGetter<VBuffer<float>>? _getter;
        private VBuffer<float> _value;
        private float[] _dense = [];

        public override void Bind(DataViewRowCursor cursor) => _getter = cursor.GetGetter<VBuffer<float>>(Column);

        public override void Add(ProfileBuilder builder, int index)
        {
            _getter!(ref _value);
            if (_value.IsDense)
            {
                builder.AddVector(index, _value.GetValues());
                return;
            }

            if (_dense.Length != _value.Length)
            {
                _dense = new float[_value.Length];
            }

            _value.CopyTo(_dense);
            builder.AddVector(index, _dense);
        }
    }

    private sealed class DoubleVectorReader(DataViewSchema.Column column) : ColumnReader(column)
    {
        private ValueGetter<VBuffer<double>>? _getter;
        private VBuffer<double> _value;
        private double[] _dense = [];
        private float[] _single = [];

        public override void Bind(DataViewRowCursor cursor) => _getter = cursor.GetGetter<VBuffer<double>>(Column);

        public override void Add(ProfileBuilder builder, int index)
        {
            _getter!(ref _value);
            if (_dense.Length != _value.Length)
            {
                _dense = new double[_value.Length];
                _single = new float[_value.Length];
            }

            _value.CopyTo(_dense);
            for (var i = 0; i < _dense.Length; i++)
            {
                _single[i] = (float)_dense[i];
            }

            builder.AddVector(index, _single);
        }
    }
}
