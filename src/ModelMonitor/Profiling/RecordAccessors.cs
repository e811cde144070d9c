using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace ModelMonitor.Profiling;

/// <summary>One property of a record type, bound once to a typed getter delegate.</summary>
internal abstract class RecordAccessor<T>(string name)
    where T : class
{
    public string Name { get; } = name;

    public abstract void Add(T record, ProfileBuilder builder, int column);
}

internal static class RecordAccessors<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>
    where T : class
{
    public static RecordAccessor<T>[] Create()
    {
        var list = new List<RecordAccessor<T>>();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetMethod is not { IsPublic: true } getter || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            list.Add(Bind(property, getter));
        }

        if (list.Count == 0)
        {
            throw new NotSupportedException($"{typeof(T).Name} has no public readable properties to profile.");
        }

        return [.. list];
    }

    private static RecordAccessor<T> Bind(PropertyInfo property, MethodInfo getter)
    {
        var name = property.Name;
        var type = property.PropertyType;
        if (type.IsEnum)
        {
            return new EnumAccessor(name, property);
        }

        return type switch
        {
            _ when type == typeof(double) => new NumberAccessor<double>(name, getter.CreateDelegate<Func<T, double>>(), v => v),
            _ when type == typeof(float) => new NumberAccessor<float>(name, getter.CreateDelegate<Func<T, float>>(), v => v),
            _ when type == typeof(int) => new NumberAccessor<int>(name, getter.CreateDelegate<Func<T, int>>(), v => v),
            _ when type == typeof(long) => new NumberAccessor<long>(name, getter.CreateDelegate<Func<T, long>>(), v => v),
            _ when type == typeof(decimal) => new NumberAccessor<decimal>(name, getter.CreateDelegate<Func<T, decimal>>(), v => (double)v),
            _ when type == typeof(double?) => new NullableNumberAccessor<double>(name, getter.CreateDelegate<Func<T, double?>>(), v => v),
            _ when type == typeof(float?) => new NullableNumberAccessor<float>(name, getter.CreateDelegate<Func<T, float?>>(), v => v),
            _ when type == typeof(int?) => new NullableNumberAccessor<int>(name, getter.CreateDelegate<Func<T, int?>>(), v => v),
            _ when type == typeof(long?) => new NullableNumberAccessor<long>(name, getter.CreateDelegate<Func<T, long?>>(), v => v),
            _ when type == typeof(bool) => new BooleanAccessor(name, getter.CreateDelegate<Func<T, bool>>()),
            _ when type == typeof(bool?) => new NullableBooleanAccessor(name, getter.CreateDelegate<Func<T, bool?>>()),
            _ when type == typeof(string) => new StringAccessor(name, getter.CreateDelegate<Func<T, string?>>()),
            _ when type == typeof(DateTime) => new DateAccessor(name, getter.CreateDelegate<Func<T, DateTime>>()),
            _ when type == typeof(DateTime?) => new NullableDateAccessor(name, getter.CreateDelegate<Func<T, DateTime?>>()),
            _ when type == typeof(float[]) => new FloatVectorAccessor(name, getter.CreateDelegate<Func<T, float[]?>>()),
            _ when type == typeof(double[]) => new DoubleVectorAccessor(name, getter.CreateDelegate<Func<T, double[]?>>()),
            _ => throw new NotSupportedException($"Property {typeof(T).Name}.{name} has type {type.Name}, which cannot be profiled; use numbers, bool, string, DateTime, enums, float[] or double[] (or project the records first)."),
        };
    }

    private sealed class NumberAccessor<TValue>(string name, Func<T, TValue> get, Func<TValue, double> convert) : RecordAccessor<T>(name)
    {
        public override void Add(T record, ProfileBuilder builder, int column) => builder.AddNumber(column, convert(get(record)));
    }

    private sealed class NullableNumberAccessor<TValue>(string name, Func<T, TValue?> get, Func<TValue, double> convert) : RecordAccessor<T>(name)
        where TValue : struct
    {
        public override void Add(T record, ProfileBuilder builder, int column)
        {
            if (get(record) is { } v)
            {
                builder.AddNumber(column, convert(v));
            }
        }
    }

    private sealed class BooleanAccessor(string name, Func<T, bool> get) : RecordAccessor<T>(name)
    {
        public override void Add(T record, ProfileBuilder builder, int column) => builder.AddBoolean(column, get(record));
    }

    private sealed class NullableBooleanAccessor(string name, Func<T, bool?> get) : RecordAccessor<T>(name)
    {
        public override void Add(T record, ProfileBuilder builder, int column)
        {
            if (get(record) is { } v)
            {
                builder.AddBoolean(column, v);
            }
        }
    }

    private sealed class StringAccessor(string name, Func<T, string?> get) : RecordAccessor<T>(name)
    {
        public override void Add(T record, ProfileBuilder builder, int column)
        {
            if (get(record) is { } v)
            {
                builder.AddString(column, v);
            }
        }
    }

    private sealed class DateAccessor(string name, Func<T, DateTime> get) : RecordAccessor<T>(name)
    {
        public override void Add(T record, ProfileBuilder builder, int column) => builder.AddDateTime(column, get(record));
    }

    private sealed class NullableDateAccessor(string name, Func<T, DateTime?> get) : RecordAccessor<T>(name)
    {
        public override void Add(T record, ProfileBuilder builder, int column)
        {
            if (get(record) is { } v)
            {
                builder.AddDateTime(column, v);
            }
        }
    }

    private sealed class FloatVectorAccessor(string name, Func<T, float[]?> get) : RecordAccessor<T>(name)
    {
        public override void Add(T record, ProfileBuilder builder, int column)
        {
            if (get(record) is { } v)
            {
                builder.AddVector(column, v);
            }
        }
    }

    private sealed class DoubleVectorAccessor(string name, Func<T, double[]?> get) : RecordAccessor<T>(name)
    {
        private float[] _scratch = [];

        public override void Add(T record, ProfileBuilder builder, int column)
        {
            if (get(record) is not { } v)
            {
                return;
            }

            if (_scratch.Length != v.Length)
            {
                _scratch = new float[v.Length];
            }

            for (var i = 0; i < v.Length; i++)
            {
                _scratch[i] = (float)v[i];
            }

            builder.AddVector(column, _scratch);
        }
    }

    private sealed class EnumAccessor(string name, PropertyInfo property) : RecordAccessor<T>(name)
    {
        // A typed getter would need the enum type as a generic argument (MakeGenericType, not
        // trimming-safe), so enums are read through reflection; their names are cached.
        private readonly Dictionary<object, string> _names = [];

        public override void Add(T record, ProfileBuilder builder, int column)
        {
            if (property.GetValue(record) is not { } value)
            {
                return;
            }

            if (!_names.TryGetValue(value, out var text))
            {
                text = value.ToString() ?? string.Empty;
                _names[value] = text;
            }

            builder.AddString(column, text);
        }
    }
}
