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
            return new KeyReader(column);
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
        return raw == typeof(float) ? new NumberReader<float>(column, v => v)
            : raw == typeof(double) ? new NumberReader<double>(column, v => v)
            : raw == typeof(int) ? new NumberReader<int>(column, v => v)
            : raw == typeof(long) ? new NumberReader<long>(column, v => v)
            : raw == typeof(uint) ? new NumberReader<uint>(column, v => v)
            : raw == typeof(bool) ? new BooleanReader(column)
            : raw == typeof(ReadOnlyMemory<char>) ? new TextColumnReader(column)
            : raw == typeof(DateTime) ? new DateReader(column)
            : null;
    }

    private abstract class ColumnReader(DataViewSchema.Column column)
    {
        public DataViewSchema.Column Column { get; } = column;

        public string Name => Column.Name;

        public abstract void Bind(DataViewRowCursor cursor);

        public abstract void Add(ProfileBuilder builder, int index);
    }

    private sealed class NumberReader<T>(DataViewSchema.Column column, Func<T, double> convert) : ColumnReader(column)
    {
        private ValueGetter<T>? _getter;
        private T _value = default!;

        public override void Bind(DataViewRowCursor cursor) => _getter = cursor.GetGetter<T>(Column);

        public override void Add(ProfileBuilder builder, int index)
        {
            _getter!(ref _value);
            builder.AddNumber(index, convert(_value));
        }
    }

    private sealed class KeyReader(DataViewSchema.Column column) : ColumnReader(column)
    {
        private ValueGetter<uint>? _getter;
        private uint _value;

        public override void Bind(DataViewRowCursor cursor) => _getter = cursor.GetGetter<uint>(Column);

        public override void Add(ProfileBuilder builder, int index)
        {
            _getter!(ref _value);
            if (_value != 0)
            {
                builder.AddNumber(index, _value);
            }
        }
    }

    private sealed class BooleanReader(DataViewSchema.Column column) : ColumnReader(column)
    {
        private ValueGetter<bool>? _getter;
        private bool _value;

        public override void Bind(DataViewRowCursor cursor) => _getter = cursor.GetGetter<bool>(Column);

        public override void Add(ProfileBuilder builder, int index)
        {
            _getter!(ref _value);
            builder.AddBoolean(index, _value);
        }
    }

    private sealed class TextColumnReader(DataViewSchema.Column column) : ColumnReader(column)
    {
        private ValueGetter<ReadOnlyMemory<char>>? _getter;
        private ReadOnlyMemory<char> _value;

        public override void Bind(DataViewRowCursor cursor) => _getter = cursor.GetGetter<ReadOnlyMemory<char>>(Column);

        public override void Add(ProfileBuilder builder, int index)
        {
            _getter!(ref _value);
            if (!_value.IsEmpty)
            {
                builder.AddString(index, _value.Span);
            }
        }
    }

    private sealed class DateReader(DataViewSchema.Column column) : ColumnReader(column)
    {
        private ValueGetter<DateTime>? _getter;
        private DateTime _value;

        public override void Bind(DataViewRowCursor cursor) => _getter = cursor.GetGetter<DateTime>(Column);

        public override void Add(ProfileBuilder builder, int index)
        {
            _getter!(ref _value);
            builder.AddDateTime(index, _value);
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
