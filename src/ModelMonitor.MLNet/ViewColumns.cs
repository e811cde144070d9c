using Microsoft.ML;
using Microsoft.ML.Data;

namespace ModelMonitor.MLNet;

/// <summary>Finds and type-checks the columns a reader needs before any row is read, with errors that name the column and list what the view has.</summary>
internal static class ViewColumns
{
    private const int MaxListed = 20;

    /// <summary>The named column, checked.</summary>
    /// <exception cref="ArgumentException">The column is missing or <paramref name="accepts"/> rejects its type.</exception>
    public static DataViewSchema.Column Require(DataViewSchema schema, string name, string expected, string paramName, Func<DataViewType, bool> accepts)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"The view has no column '{name}'; it needs one of type {expected}. Columns present: {Describe(schema)}.", paramName);
        return Check(column, expected, paramName, accepts);
    }

    /// <summary>The column, when <paramref name="accepts"/> takes its type.</summary>
    /// <exception cref="ArgumentException">The type is rejected.</exception>
    public static DataViewSchema.Column Check(DataViewSchema.Column column, string expected, string paramName, Func<DataViewType, bool> accepts) =>
        accepts(column.Type) ? column : throw new ArgumentException($"Column '{column.Name}' has type {column.Type}; it must be {expected}.", paramName);

    /// <summary>The visible columns with their types, the first 20.</summary>
    public static string Describe(DataViewSchema schema)
    {
        var visible = schema.Where(c => !c.IsHidden).ToList();
        if (visible.Count == 0)
        {
            return "none";
        }

        var listed = string.Join(", ", visible.Take(MaxListed).Select(c => $"'{c.Name}' ({c.Type})"));
        return visible.Count > MaxListed ? $"{listed} and {visible.Count - MaxListed} more" : listed;
    }
}
