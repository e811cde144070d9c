namespace ModelMonitor.Schema;

/// <summary>The kind of problem a validation found.</summary>
public enum ViolationKind
{
    /// <summary>A required column is absent ("someone dropped a column!").</summary>
    MissingColumn = 0,

    /// <summary>The data has a column the schema does not know.</summary>
    UnexpectedColumn = 1,

    /// <summary>The values have another type than the schema's (numbers turned into strings, say).</summary>
    TypeChange = 2,

    /// <summary>Categorical values outside the schema's domain.</summary>
    OutOfDomain = 3,

    /// <summary>Numbers outside the schema's range.</summary>
    OutOfRange = 4,

    /// <summary>More missing values than the reference plus its tolerance.</summary>
    MissingFractionTooHigh = 5,

    /// <summary>Vectors of another dimension than the schema's.</summary>
    VectorDimensionMismatch = 6,

    /// <summary>The batch has no rows.</summary>
    EmptyBatch = 7,

    /// <summary>Rows that could not be read at all (malformed CSV lines, rows of the wrong length).</summary>
    InvalidRows = 8,

    /// <summary>A column the environment expects absent is present (the label at serving time, say).</summary>
    ColumnNotExpected = 9,
}

/// <summary>How serious a violation is.</summary>
public enum ViolationSeverity
{
    /// <summary>Worth knowing; nothing is broken.</summary>
    Info = 0,

    /// <summary>Likely harmless but suspicious.</summary>
    Warning = 1,

    /// <summary>The data does not satisfy the schema.</summary>
    Error = 2,
}

/// <summary>One problem found by a validation. Immutable.</summary>
/// <param name="Kind">What kind of problem.</param>
/// <param name="Severity">How serious.</param>
/// <param name="Column">The column, or <see langword="null"/> for the whole batch.</param>
/// <param name="Message">A sentence for people.</param>
/// <param name="Count">How many values (or rows) are affected; 0 when not countable.</param>
/// <param name="Examples">A few offending values.</param>
public sealed record SchemaViolation(ViolationKind Kind, ViolationSeverity Severity, string? Column, string Message, long Count, IReadOnlyList<string> Examples);

/// <summary>The outcome of validating a batch against a schema. Immutable.</summary>
public sealed class SchemaValidationResult
{
    internal SchemaValidationResult(long rows, IReadOnlyList<SchemaViolation> violations)
    {
        RowCount = rows;
        Violations = violations;
    }

    /// <summary>Gets the number of rows validated.</summary>
    public long RowCount { get; }

    /// <summary>Gets the violations, errors first.</summary>
    public IReadOnlyList<SchemaViolation> Violations { get; }

    /// <summary>Gets a value indicating whether there is no violation of severity <see cref="ViolationSeverity.Error"/>.</summary>
    public bool IsValid => !Violations.Any(v => v.Severity == ViolationSeverity.Error);
}
