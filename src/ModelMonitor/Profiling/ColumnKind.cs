namespace ModelMonitor.Profiling;

/// <summary>The type a column's values were inferred to have.</summary>
public enum ColumnKind
{
    /// <summary>Every value is missing, so no type can be inferred.</summary>
    Unknown = 0,

    /// <summary>Real numbers.</summary>
    Numeric = 1,

    /// <summary>Whole numbers (every value is an integer).</summary>
#pragma warning disable CA1720 // The data type's name, as in every schema language.
    Integer = 2,
#pragma warning restore CA1720

    /// <summary>true / false.</summary>
    Boolean = 3,

    /// <summary>Strings with few distinct values (at most <see cref="ProfileOptions.CategoricalMaxDistinct"/>).</summary>
    Categorical = 4,

    /// <summary>Strings with many distinct values.</summary>
    Text = 5,

    /// <summary>Dates and times.</summary>
    DateTime = 6,

    /// <summary>Fixed-size vectors of numbers (embeddings).</summary>
    Vector = 7,
}

/// <summary>Groups of <see cref="ColumnKind"/> between which a change is a type change.</summary>
public static class ColumnKinds
{
    /// <summary>Whether values of kind <paramref name="actual"/> satisfy a column declared <paramref name="expected"/>.</summary>
    /// <param name="expected">The declared kind.</param>
    /// <param name="actual">The kind observed.</param>
    /// <returns>
    /// <see langword="true"/> for equal kinds, integers where numbers are expected, categorical and
    /// text strings in either role (a small batch can look categorical), and an unknown (all
    /// missing) observation.
    /// </returns>
    public static bool IsCompatible(ColumnKind expected, ColumnKind actual) =>
        expected == actual
        || actual == ColumnKind.Unknown
        || expected == ColumnKind.Unknown
        || (expected == ColumnKind.Numeric && actual == ColumnKind.Integer)
        || (IsString(expected) && IsString(actual));

    /// <summary>Whether the kind holds strings.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns><see langword="true"/> for <see cref="ColumnKind.Categorical"/> and <see cref="ColumnKind.Text"/>.</returns>
    public static bool IsString(ColumnKind kind) => kind is ColumnKind.Categorical or ColumnKind.Text;

    /// <summary>Whether the kind holds numbers.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns><see langword="true"/> for <see cref="ColumnKind.Numeric"/> and <see cref="ColumnKind.Integer"/>.</returns>
    public static bool IsNumber(ColumnKind kind) => kind is ColumnKind.Numeric or ColumnKind.Integer;
}
