using ModelMonitor.Profiling;

namespace ModelMonitor.Schema;

/// <summary>What one column must look like. Mutable so an inferred schema can be edited before it is saved.</summary>
/// <remarks>Not thread-safe while being edited; validation only reads it.</remarks>
public sealed class ColumnSchema
{
    /// <summary>Gets or sets the column's name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the expected type.</summary>
    public ColumnKind Kind { get; set; }

    /// <summary>Gets or sets a value indicating whether the column must be present (in the environments where it is expected at all).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Required { get; set; } = true;

    /// <summary>Gets or sets the allowed values of a categorical column, or <see langword="null"/> for any value.</summary>
    public List<string>? Domain { get; set; }

    /// <summary>Gets or sets the smallest allowed number, or <see langword="null"/> for no lower bound.</summary>
    public double? Min { get; set; }

    /// <summary>Gets or sets the largest allowed number, or <see langword="null"/> for no upper bound.</summary>
    public double? Max { get; set; }

    /// <summary>Gets or sets the missing fraction of the reference data.</summary>
    public double ReferenceMissingFraction { get; set; }

    /// <summary>Gets or sets the largest allowed missing fraction (the reference's plus a tolerance, when inferred).</summary>
    /// <value>The default value is 1 (no limit).</value>
    public double MaxMissingFraction { get; set; } = 1;

    /// <summary>Gets or sets the required vector dimension, or <see langword="null"/> when the column is not a vector.</summary>
    public int? VectorDimension { get; set; }

    /// <summary>Gets or sets the environments in which the column is absent (the label at serving time, say), compared case-insensitively.</summary>
    public List<string>? AbsentInEnvironments { get; set; }

    /// <summary>Whether the column is expected in an environment.</summary>
    /// <param name="environment">The environment, or <see langword="null"/> for none (every column is expected).</param>
    /// <returns><see langword="false"/> when <see cref="AbsentInEnvironments"/> names the environment.</returns>
    public bool IsExpectedIn(string? environment) =>
        environment is null || AbsentInEnvironments is null || !AbsentInEnvironments.Contains(environment, StringComparer.OrdinalIgnoreCase);
}
