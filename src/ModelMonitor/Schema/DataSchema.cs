using System.Text.Json;
using System.Text.Json.Serialization;
using ModelMonitor.Profiling;

namespace ModelMonitor.Schema;

/// <summary>
/// The columns a model's data must have, inferred from a <see cref="ReferenceProfile"/>, edited by
/// people, saved as JSON next to the model, and used to validate training and serving data alike.
/// </summary>
/// <remarks>Not thread-safe while being edited; validation only reads it.</remarks>
public sealed class DataSchema
{
    /// <summary>The format version written by <see cref="ToJson"/>.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The environment name of serving data, by convention.</summary>
    public const string ServingEnvironment = "serving";

    /// <summary>The environment name of training data, by convention.</summary>
    public const string TrainingEnvironment = "training";

    /// <summary>Gets or sets the format version (set by <see cref="ToJson"/>).</summary>
    public int FormatVersion { get; set; } = CurrentFormatVersion;

    /// <summary>Gets or sets the columns.</summary>
    public List<ColumnSchema> Columns { get; set; } = [];

    /// <summary>Gets or sets declarative expectations checked on top of the column rules.</summary>
    public List<Expectation> Expectations { get; set; } = [];

    /// <summary>Finds a column by name.</summary>
    /// <param name="name">The column name.</param>
    /// <returns>The column, or <see langword="null"/>.</returns>
    public ColumnSchema? Column(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>Infers a schema from a reference profile: every column required, its type, its domain when categorical with all values known, its range, and its missing fraction plus a tolerance.</summary>
    /// <param name="profile">The reference profile.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <returns>A schema to review and edit.</returns>
    public static DataSchema Infer(ReferenceProfile profile, SchemaInferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        options ??= SchemaInferenceOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegative(options.MissingTolerance);
        var schema = new DataSchema();
        foreach (var column in profile.Columns)
        {
            var c = new ColumnSchema
            {
                Name = column.Name,
                Kind = column.Kind,
                ReferenceMissingFraction = column.MissingFraction,
                MaxMissingFraction = Math.Min(1, column.MissingFraction + options.MissingTolerance),
                VectorDimension = column.Kind == ColumnKind.Vector ? column.VectorDimension : null,
            };
            if (column.Kind == ColumnKind.Categorical && profile.ValueCounts(column.Name) is { } counts)
            {
                c.Domain = [.. counts.Keys.Order(StringComparer.Ordinal)];
            }

            if (options.InferRanges && column.Numeric is { } numeric && ColumnKinds.IsNumber(column.Kind))
            {
                c.Min = numeric.Min;
                c.Max = numeric.Max;
            }

            var label = options.LabelColumn ?? profile.Options.LabelColumn;
            if (label is not null && string.Equals(label, column.Name, StringComparison.Ordinal))
            {
                c.AbsentInEnvironments = [ServingEnvironment];
            }

            schema.Columns.Add(c);
        }

        return schema;
    }

    /// <summary>Validates a batch's profile (see <see cref="SchemaValidator"/>).</summary>
    /// <param name="batch">The profile of the batch.</param>
    /// <param name="environment">The environment (such as <see cref="ServingEnvironment"/>), or <see langword="null"/>.</param>
    /// <returns>The violations.</returns>
    public SchemaValidationResult Validate(ReferenceProfile batch, string? environment = null) => SchemaValidator.Validate(this, batch, environment);

    /// <summary>Writes the schema as JSON.</summary>
    /// <returns>Indented JSON.</returns>
    public string ToJson()
    {
        FormatVersion = CurrentFormatVersion;
        return JsonSerializer.Serialize(this, SchemaJsonContext.Default.DataSchema);
    }

    /// <summary>Reads a schema written by <see cref="ToJson"/> (and perhaps edited).</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="JsonException">The JSON is not a schema, has a newer format version, or names a column twice or not at all.</exception>
    public static DataSchema FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var schema = JsonSerializer.Deserialize(json, SchemaJsonContext.Default.DataSchema) ?? throw new JsonException("The JSON holds null, not a schema.");
        if (schema.FormatVersion > CurrentFormatVersion)
        {
            throw new JsonException($"The schema has format version {schema.FormatVersion}; this library reads up to {CurrentFormatVersion}.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < schema.Columns.Count; i++)
        {
            var c = schema.Columns[i] ?? throw new JsonException($"Schema column {i} is null.");
            if (string.IsNullOrEmpty(c.Name))
            {
                throw new JsonException($"Schema column {i} has no name.");
            }

            if (!names.Add(c.Name))
            {
                throw new JsonException($"Schema column '{c.Name}' appears twice.");
            }

            if (c.MaxMissingFraction is < 0 or > 1 || double.IsNaN(c.MaxMissingFraction))
            {
                throw new JsonException($"Schema column '{c.Name}' has maxMissingFraction {c.MaxMissingFraction}; it must be in [0, 1].");
            }
        }

        return schema;
    }
}

/// <summary>Settings of <see cref="DataSchema.Infer"/>.</summary>
public sealed record SchemaInferenceOptions
{
    /// <summary>Gets the defaults.</summary>
    public static SchemaInferenceOptions Default { get; } = new();

    /// <summary>Gets the absolute tolerance added to each column's reference missing fraction.</summary>
    /// <value>The default value is 0.02.</value>
    public double MissingTolerance { get; init; } = 0.02;

    /// <summary>Gets a value indicating whether numeric columns get the reference's min and max as their range.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool InferRanges { get; init; } = true;

    /// <summary>Gets the label column, absent in the serving environment; defaults to the profile's label.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? LabelColumn { get; init; }
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(DataSchema))]
internal sealed partial class SchemaJsonContext : JsonSerializerContext;
