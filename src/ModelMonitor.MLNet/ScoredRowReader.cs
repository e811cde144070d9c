using Microsoft.ML;
using Microsoft.ML.Data;
using ModelMonitor.Features;

namespace ModelMonitor.MLNet;

/// <summary>The scored columns of a view, found and type-checked before any row is read.</summary>
internal sealed class ScoredColumns
{
    private ScoredColumns(ScoredViewKind kind, int classCount, DataViewSchema.Column score, DataViewSchema.Column predicted, DataViewSchema.Column? label, DataViewSchema.Column? cohort, DataViewSchema.Column? timestamp, DataViewSchema.Column[] features)
    {
        Features = features;
        Kind = kind;
        ClassCount = classCount;
        Score = score;
        PredictedLabel = predicted;
        Label = label;
        Cohort = cohort;
        Timestamp = timestamp;
        List<DataViewSchema.Column> active = [score, predicted];
        if (label is { } l)
        {
            active.Add(l);
        }

        if (cohort is { } c)
        {
            active.Add(c);
        }

        if (timestamp is { } t)
        {
            active.Add(t);
        }

        active.AddRange(features);
        Active = [.. active.DistinctBy(c => c.Index)];
    }

    public ScoredViewKind Kind { get; }

    public int ClassCount { get; }

    public DataViewSchema.Column Score { get; }

    public DataViewSchema.Column PredictedLabel { get; }

    public DataViewSchema.Column? Label { get; }

    public DataViewSchema.Column? Cohort { get; }

    public DataViewSchema.Column? Timestamp { get; }

    public DataViewSchema.Column[] Active { get; }

    /// <summary>Gets the feature columns, in the order the feature observer takes them; empty when none are read.</summary>
    public DataViewSchema.Column[] Features { get; }

    /// <summary>The feature columns to read for <paramref name="observer"/> (see <see cref="ScoredViewOptions.FeatureColumnNames"/>).</summary>
    /// <exception cref="ArgumentException">Feature columns are named but the observer takes none, or other ones.</exception>
    public static IReadOnlyList<string> FeatureNames(ScoredViewOptions options, IPredictionObserver observer, string paramName)
    {
        var takes = observer is IFeatureObserver f ? f.FeatureNames : [];
        if (options.FeatureColumnNames is not { } named)
        {
            return takes;
        }

        if (!named.SequenceEqual(takes, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                takes.Count == 0
                    ? $"FeatureColumnNames names [{string.Join(", ", named)}] but the observer takes no features; give it a feature monitor (AddFeatureMonitor) or leave FeatureColumnNames unset."
                    : $"FeatureColumnNames names [{string.Join(", ", named)}] but the observer takes [{string.Join(", ", takes)}], in that order.",
                paramName);
        }

        return takes;
    }

    public static ScoredColumns Resolve(DataViewSchema schema, ScoredViewOptions options, string paramName, IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var kind = options.Kind;
        if (kind == ScoredViewKind.Auto)
        {
            kind = schema.GetColumnOrNull(options.ScoreColumnName) is { Type: VectorDataViewType } ? ScoredViewKind.Multiclass : ScoredViewKind.Binary;
        }

        DataViewSchema.Column score;
        DataViewSchema.Column predicted;
        DataViewSchema.Column? label = null;
        int classCount;
        if (kind == ScoredViewKind.Binary)
        {
            classCount = 2;
            score = ViewColumns.Require(schema, options.ProbabilityColumnName, "Single (float), the calibrated probability of class 1", paramName, t => t == NumberDataViewType.Single);
            predicted = ViewColumns.Require(schema, options.PredictedLabelColumnName, "Boolean (bool)", paramName, t => t == BooleanDataViewType.Instance);
            if (options.LabelColumnName is { } name && schema.GetColumnOrNull(name) is { } l)
            {
                label = ViewColumns.Check(l, "Boolean (bool); set LabelColumnName to null to ignore it", paramName, t => t == BooleanDataViewType.Instance);
            }
        }
        else
        {
            score = ViewColumns.Require(schema, options.ScoreColumnName, "a vector of Single (float) of known size, one score per class", paramName,
                t => t is VectorDataViewType { ItemType: NumberDataViewType n, Size: >= 2 } && n == NumberDataViewType.Single);
            classCount = ((VectorDataViewType)score.Type).Size;
            predicted = ViewColumns.Require(schema, options.PredictedLabelColumnName, $"a key of UInt32 with {classCount} values (as MapValueToKey makes)", paramName, t => IsKey(t, classCount));
            if (options.LabelColumnName is { } name && schema.GetColumnOrNull(name) is { } l)
            {
                label = ViewColumns.Check(l, $"a key of UInt32 with {classCount} values (map it with MapValueToKey), or set LabelColumnName to null to ignore it", paramName, t => IsKey(t, classCount));
            }
        }

        DataViewSchema.Column? cohort = null;
        if (options.CohortColumnName is { } cohortName)
        {
            cohort = ViewColumns.Require(schema, cohortName, "String (text)", paramName, t => t is TextDataViewType);
        }

        DataViewSchema.Column? timestamp = null;
        if (options.TimestampColumnName is { } timeName)
        {
            timestamp = ViewColumns.Require(schema, timeName, "DateTimeOffset or DateTime", paramName, t => t is DateTimeOffsetDataViewType or DateTimeDataViewType);
        }

        var features = new DataViewSchema.Column[featureNames?.Count ?? 0];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = ViewColumns.Require(schema, featureNames![i], "Single, Double, Int32 or Int64 (a number), String (text) or Boolean, to be read as a feature", paramName, IsFeatureType);
        }

        return new ScoredColumns(kind, classCount, score, predicted, label, cohort, timestamp, features);
    }

    private static bool IsFeatureType(DataViewType type) =>
        type == NumberDataViewType.Single || type == NumberDataViewType.Double || type == NumberDataViewType.Int32 || type == NumberDataViewType.Int64
        || type is TextDataViewType || type == BooleanDataViewType.Instance;

    private static bool IsKey(DataViewType type, int classCount) => type is KeyDataViewType { RawType: var raw, Count: var count } && raw == typeof(uint) && count == (ulong)classCount;
}

/// <summary>Reads records off one row (a cursor): getters created once, one score buffer reused.</summary>
internal sealed class ScoredRowReader
{
    private const int MaxCachedCohorts = 256;
    private readonly ScoredColumns _columns;
    private readonly float[] _scores;
    private readonly ValueGetter<float>? _probability;
    private readonly ValueGetter<bool>? _predictedBool;
    private readonly ValueGetter<bool>? _labelBool;
    private readonly ValueGetter<VBuffer<float>>? _vector;
    private readonly ValueGetter<uint>? _predictedKey;
    private readonly ValueGetter<uint>? _labelKey;
    private readonly ValueGetter<ReadOnlyMemory<char>>? _cohort;
    private readonly ValueGetter<DateTimeOffset>? _timeOffset;
    private readonly ValueGetter<DateTime>? _time;
    private readonly List<string> _cohortCache = [];
    private readonly Func<FeatureValue>[] _featureReaders;
    private readonly FeatureValue[] _features;
    private VBuffer<float> _vectorBuffer;

    public ScoredRowReader(DataViewRow row, ScoredColumns columns)
    {
        _columns = columns;
        if (columns.Kind == ScoredViewKind.Binary)
        {
            _scores = new float[1];
            _probability = row.GetGetter<float>(columns.Score);
            _predictedBool = row.GetGetter<bool>(columns.PredictedLabel);
            _labelBool = columns.Label is { } l ? row.GetGetter<bool>(l) : null;
        }
        else
        {
            _scores = new float[columns.ClassCount];
            _vector = row.GetGetter<VBuffer<float>>(columns.Score);
            _predictedKey = row.GetGetter<uint>(columns.PredictedLabel);
            _labelKey = columns.Label is { } l ? row.GetGetter<uint>(l) : null;
        }

        _cohort = columns.Cohort is { } c ? row.GetGetter<ReadOnlyMemory<char>>(c) : null;
        _featureReaders = [.. columns.Features.Select(f => FeatureReader(row, f))];
        _features = new FeatureValue[_featureReaders.Length];
        if (columns.Timestamp is { } t)
        {
            if (t.Type is DateTimeOffsetDataViewType)
            {
                _timeOffset = row.GetGetter<DateTimeOffset>(t);
            }
            else
            {
                _time = row.GetGetter<DateTime>(t);
            }
        }
    }

    /// <summary>Reads the current row; the record's scores are this reader's buffer, valid until the next read.</summary>
    public PredictionRecord Read()
    {
        int predicted;
        int? label = null;
        if (_probability is not null)
        {
            var p = 0f;
            var b = false;
            _probability(ref p);
            _predictedBool!(ref b);
            _scores[0] = p;
            predicted = b ? 1 : 0;
            if (_labelBool is not null)
            {
                var l = false;
                _labelBool(ref l);
                label = l ? 1 : 0;
            }
        }
        else
        {
            _vector!(ref _vectorBuffer);
            _vectorBuffer.CopyTo(_scores);
            uint key = 0;
            _predictedKey!(ref key);
            // Key 0 is "missing": -1 makes the monitor count the record as invalid instead of guessing.
            predicted = (int)key - 1;
            if (_labelKey is not null)
            {
                uint l = 0;
                _labelKey(ref l);
                label = l == 0 ? null : (int)l - 1;
            }
        }

        return new PredictionRecord(ReadTime(), _scores, predicted, ReadCohort(), label);
    }

    /// <summary>Gets a value indicating whether the reader reads feature columns.</summary>
    public bool HasFeatures => _features.Length > 0;

    /// <summary>Reads the current row's features; text values are the view's buffers, valid until the next read.</summary>
    public ReadOnlySpan<FeatureValue> ReadFeatures()
    {
        for (var i = 0; i < _featureReaders.Length; i++)
        {
            _features[i] = _featureReaders[i]();
        }

        return _features;
    }

    /// <summary>Hands the current row to <paramref name="observer"/>: the record, then (when read) the features.</summary>
    public void ObserveRow(IPredictionObserver observer)
    {
        observer.Observe(Read());
        if (HasFeatures)
        {
            ((IFeatureObserver)observer).ObserveFeatures(ReadFeatures());
        }
    }

    // One closure per column, made once per cursor: each read is a getter call and no allocation.
    private static Func<FeatureValue> FeatureReader(DataViewRow row, DataViewSchema.Column column)
    {
        var type = column.Type;
        return type == NumberDataViewType.Single ? Read<float>(row, column, v => FeatureValue.FromNumber(v))
            : type == NumberDataViewType.Double ? Read<double>(row, column, FeatureValue.FromNumber)
            : type == NumberDataViewType.Int32 ? Read<int>(row, column, v => FeatureValue.FromNumber(v))
            : type == NumberDataViewType.Int64 ? Read<long>(row, column, v => FeatureValue.FromNumber(v))
            : type == BooleanDataViewType.Instance ? Read<bool>(row, column, FeatureValue.FromBoolean)
            : Read<ReadOnlyMemory<char>>(row, column, FeatureValue.FromText);
    }

    private static Func<FeatureValue> Read<T>(DataViewRow row, DataViewSchema.Column column, Func<T, FeatureValue> toFeature)
    {
        var getter = row.GetGetter<T>(column);
        return () =>
        {
            T value = default!;
            getter(ref value);
            return toFeature(value);
        };
    }

    private DateTimeOffset ReadTime()
    {
        if (_timeOffset is not null)
        {
            DateTimeOffset value = default;
            _timeOffset(ref value);
            return value;
        }

        if (_time is not null)
        {
            DateTime value = default;
            _time(ref value);
            return new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc));
        }

        return default;
    }

    private string? ReadCohort()
    {
        if (_cohort is null)
        {
            return null;
        }

        ReadOnlyMemory<char> value = default;
        _cohort(ref value);
        if (value.IsEmpty)
        {
            return null;
        }

        // Cohort keys repeat: reuse the strings of the first few distinct keys rather than allocate per row.
        var span = value.Span;
        foreach (var cached in _cohortCache)
        {
            if (span.SequenceEqual(cached))
            {
                return cached;
            }
        }

        var text = value.ToString();
        if (_cohortCache.Count < MaxCachedCohorts)
        {
            _cohortCache.Add(text);
        }

        return text;
    }
}
