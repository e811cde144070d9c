using ModelMonitor.Profiling;

namespace ModelMonitor.Schema;

/// <summary>
/// Validates a stream of rows (a serving window) against a schema without ever throwing on bad
/// input: null rows and rows of the wrong length are counted and reported as
/// <see cref="ViolationKind.InvalidRows"/>. Cells are text, typed as a CSV field would be.
/// </summary>
/// <remarks>Not thread-safe; give each thread its own validator.</remarks>
public sealed class StreamingSchemaValidator
{
    private readonly DataSchema _schema;
    private readonly string[] _columns;
    private readonly string? _environment;
    private readonly ProfileOptions? _options;
    private ProfileBuilder _builder;

    /// <summary>Initializes a validator for rows with the given columns.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="columns">The names of the incoming row's cells, in order.</param>
    /// <param name="environment">The environment, or <see langword="null"/>.</param>
    /// <param name="options">Profile settings of the window, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A column name is empty or repeated.</exception>
    public StreamingSchemaValidator(DataSchema schema, IReadOnlyList<string> columns, string? environment = null, ProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columns);
        _schema = schema;
        _columns = [.. columns];
        _environment = environment;
        _options = options;
        _builder = new ProfileBuilder(_columns, options);
    }

    /// <summary>Gets the number of rows accepted in the current window.</summary>
    public long RowCount => _builder.RowCount;

    /// <summary>Gets the number of rows rejected in the current window.</summary>
    public long InvalidRowCount => _builder.InvalidRowCount;

    /// <summary>Observes a row; never throws.</summary>
    /// <param name="row">One cell per column; null cells are missing.</param>
    public void Observe(IReadOnlyList<string?>? row)
    {
        var number = _builder.RowCount + _builder.InvalidRowCount + 1;
        if (row is null)
        {
            _builder.ReportInvalidRow(number, "the row is null");
            return;
        }

        if (row.Count != _columns.Length)
        {
            _builder.ReportInvalidRow(number, $"{row.Count} cells where {_columns.Length} columns are expected");
            return;
        }

        _builder.BeginRow();
        for (var i = 0; i < _columns.Length; i++)
        {
            if (row[i] is { Length: > 0 } cell)
            {
                _builder.AddText(i, cell);
            }
        }

        _builder.EndRow();
    }

    /// <summary>Validates what the current window saw; never throws.</summary>
    /// <returns>The violations.</returns>
    public SchemaValidationResult Result() => SchemaValidator.Validate(_schema, _builder.Build(), _environment);

    /// <summary>Starts a new window.</summary>
    public void Reset() => _builder = new ProfileBuilder(_columns, _options);
}
