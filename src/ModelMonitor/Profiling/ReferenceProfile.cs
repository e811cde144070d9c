using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelMonitor.Profiling;

/// <summary>
/// What a data set looked like: per-column types, counts, missing values, distinct counts,
/// numeric summaries, frequent values and text lengths, plus rows, duplicate rows and the label
/// distribution. Computed once at training time and shipped with the model (as JSON) to validate
/// serving data against. Immutable and thread-safe.
/// </summary>
public sealed class ReferenceProfile
{
    /// <summary>The format version written by <see cref="ToJson"/>.</summary>
    public const int CurrentFormatVersion = 1;

    private readonly ProfileBuilder _state;
    private readonly ColumnProfile[] _columns;

    internal ReferenceProfile(ProfileBuilder state)
    {
        _state = state;
        _columns = [.. state.Columns.Select(c => c.ToProfile())];
        var missing = 0L;
        foreach (var c in _columns)
        {
            missing += c.MissingCount;
        }

        MissingCellCount = missing;
        if (state.Options.LabelColumn is { } label)
        {
            var accumulator = state.Columns[state.IndexOf(label)];
            LabelDistribution = accumulator.TopValues(int.MaxValue);
        }
    }

    /// <summary>Gets the options it was built with.</summary>
    public ProfileOptions Options => _state.Options;

    /// <summary>Gets the number of rows profiled.</summary>
    public long RowCount => _state.RowCount;

    /// <summary>Gets the columns, in their original order.</summary>
    public IReadOnlyList<ColumnProfile> Columns => _columns;

    /// <summary>Gets the number of missing cells over all columns.</summary>
    public long MissingCellCount { get; }

    /// <summary>Gets the number of rows equal (in every cell) to an earlier row: exact up to 64-bit hash collisions while the rows fit <see cref="ProfileOptions.DuplicateRowCapacity"/>, else estimated.</summary>
    public long DuplicateRowCount => Math.Max(0, RowCount - _state.DistinctRows);

    /// <summary>Gets a value indicating whether <see cref="DuplicateRowCount"/> is exact.</summary>
    public bool DuplicateRowCountIsExact => _state.DuplicateCountIsExact;

    /// <summary>Gets the class counts of <see cref="ProfileOptions.LabelColumn"/>, most frequent first, or <see langword="null"/> when no label was named.</summary>
    public IReadOnlyList<ValueCount>? LabelDistribution { get; }

    /// <summary>Gets the number of input rows that could not be read (malformed CSV lines, say).</summary>
    public long InvalidRowCount => _state.InvalidRowCount;

    /// <summary>Gets details of the first <see cref="ProfileBuilder.MaxErrorsKept"/> rows that could not be read.</summary>
    public IReadOnlyList<RowError> RowErrors => _state.Errors;

    internal ProfileBuilder State => _state;

    /// <summary>Finds a column by name.</summary>
    /// <param name="name">The column name.</param>
    /// <returns>The column's profile, or <see langword="null"/> when there is none.</returns>
    public ColumnProfile? Column(string name)
    {
        var i = _state.IndexOf(name);
        return i < 0 ? null : _columns[i];
    }

    /// <summary>Every distinct value of a column with its count, when all are known (the column has at most <see cref="ProfileOptions.FrequentValueCapacity"/> distinct values).</summary>
    /// <param name="name">The column name.</param>
    /// <returns>The counts, or <see langword="null"/> when the column is unknown or has too many distinct values.</returns>
    public IReadOnlyDictionary<string, long>? ValueCounts(string name)
    {
        var i = _state.IndexOf(name);
        return i < 0 ? null : _state.Columns[i].ExactValueCounts();
    }

    /// <summary>Combines the profiles of two shards into the profile of their union.</summary>
    /// <param name="other">A profile with the same columns and options.</param>
    /// <returns>A new profile; neither input changes.</returns>
    /// <exception cref="ArgumentException">The columns or options differ.</exception>
    public ReferenceProfile Merge(ReferenceProfile other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var merged = _state.Clone();
        merged.Merge(other._state);
        return new ReferenceProfile(merged);
    }

    /// <summary>Profiles a column-oriented table.</summary>
    /// <param name="columns">Columns of equal length with distinct names.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentException">The columns differ in length or repeat a name.</exception>
    public static ReferenceProfile FromColumns(IReadOnlyList<ProfileColumn> columns, ProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var rows = columns.Count == 0 ? 0 : columns[0].Length;
        foreach (var c in columns)
        {
            if (c.Length != rows)
            {
                throw new ArgumentException($"Column '{c.Name}' has {c.Length} rows, column '{columns[0].Name}' {rows}.", nameof(columns));
            }
        }

        var builder = new ProfileBuilder([.. columns.Select(c => c.Name)], options);
        for (var r = 0; r < rows; r++)
        {
            builder.BeginRow();
            for (var c = 0; c < columns.Count; c++)
            {
                columns[c].Add(builder, c, r);
            }

            builder.EndRow();
        }

        return builder.Build();
    }

    /// <summary>Profiles a CSV file (see <see cref="CsvOptions"/>).</summary>
    /// <param name="path">The file; a name ending in .gz is decompressed.</param>
    /// <param name="csv">How to read it, or <see langword="null"/> for RFC 4180 with a header.</param>
    /// <param name="options">Profile settings, or <see langword="null"/> for the defaults.</param>
    /// <returns>The profile; malformed records are in <see cref="RowErrors"/> unless <see cref="CsvOptions.Strict"/> made them throw.</returns>
    /// <exception cref="InvalidDataException">The file has no header, or (strict mode) a malformed record.</exception>
    public static ReferenceProfile FromCsvFile(string path, CsvOptions? csv = null, ProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress) : file;
        using (stream)
        using (var reader = new StreamReader(stream))
        {
            return FromCsv(reader, csv, options);
        }
    }

    /// <summary>Profiles CSV text (see <see cref="CsvOptions"/>).</summary>
    /// <param name="reader">The text.</param>
    /// <param name="csv">How to read it, or <see langword="null"/> for RFC 4180 with a header.</param>
    /// <param name="options">Profile settings, or <see langword="null"/> for the defaults.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="InvalidDataException">The text has no header, or (strict mode) a malformed record.</exception>
    public static ReferenceProfile FromCsv(TextReader reader, CsvOptions? csv = null, ProfileOptions? options = null)
    {
        var builder = CsvProfiler.Read(reader, csv ?? CsvOptions.Default, options);
        return builder.Build();
    }

    /// <summary>
    /// Profiles objects by their public readable properties of supported types (numbers, bool,
    /// string, DateTime, their nullable forms, enums, float[] and double[] vectors). Getters are
    /// bound once to typed delegates, so rows are read without reflection or boxing; enums are the
    /// exception (read through reflection, one boxed value per row: project them to strings where
    /// speed matters).
    /// </summary>
    /// <typeparam name="T">A class.</typeparam>
    /// <param name="records">The rows; null rows are skipped and counted invalid.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="NotSupportedException">A property has a type that cannot be profiled (named in the message).</exception>
    public static ReferenceProfile FromRecords<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(IEnumerable<T?> records, ProfileOptions? options = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(records);
        var accessors = RecordAccessors<T>.Create();
        var builder = new ProfileBuilder([.. accessors.Select(a => a.Name)], options);
        long row = 0;
        foreach (var record in records)
        {
            row++;
            if (record is null)
            {
                builder.ReportInvalidRow(row, "the record is null");
                continue;
            }

            builder.BeginRow();
            for (var i = 0; i < accessors.Length; i++)
            {
                accessors[i].Add(record, builder, i);
            }

            builder.EndRow();
        }

        return builder.Build();
    }

    /// <summary>Writes the profile as JSON (with its format version); sketches are kept, so a loaded profile can still be merged.</summary>
    /// <returns>Indented JSON.</returns>
    public string ToJson() => JsonSerializer.Serialize(_state.ToState(), ProfilingJsonContext.Default.ProfileState);

    /// <summary>Reads a profile written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="JsonException">The JSON is not a profile, has a newer format version, or is corrupted (the message names the problem).</exception>
    public static ReferenceProfile FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        int version;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            version = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("formatVersion", out var v) && v.TryGetInt32(out var n) ? n : -1;
        }
        catch (JsonException e)
        {
            throw new JsonException($"The profile is not valid JSON: {e.Message}", e);
        }

        if (version < 0)
        {
            throw new JsonException("The JSON is not a reference profile: it has no formatVersion.");
        }

        if (version > CurrentFormatVersion)
        {
            throw new JsonException($"The profile has format version {version}; this library reads up to {CurrentFormatVersion}. Upgrade ModelMonitor to read it.");
        }

        if (version < 1)
        {
            throw new JsonException($"The profile has format version {version}, which was never written.");
        }

        try
        {
            var state = JsonSerializer.Deserialize(json, ProfilingJsonContext.Default.ProfileState) ?? throw new JsonException("The JSON holds null, not a profile.");
            return new ReferenceProfile(ProfileBuilder.FromState(state));
        }
        catch (FormatException e)
        {
            throw new JsonException($"The profile is corrupted: {e.Message}", e);
        }
    }
}

[JsonSourceGenerationOptions(
    WriteIndented = false,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ProfileState))]
internal sealed partial class ProfilingJsonContext : JsonSerializerContext;
