using System.Globalization;
using ModelMonitor.Profiling;

namespace ModelMonitor.Schema;

/// <summary>
/// Checks a batch (profiled with the same code as the reference) against a <see cref="DataSchema"/>:
/// columns present and expected, types, categorical domains, numeric ranges, missing fractions,
/// vector dimensions, empty batches and unreadable rows. Thread-safe: it keeps no state.
/// </summary>
public static class SchemaValidator
{
    private const int MaxExamples = 5;

    /// <summary>Validates the profile of a batch.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="batch">The profile of the batch.</param>
    /// <param name="environment">The environment (such as <see cref="DataSchema.ServingEnvironment"/>), or <see langword="null"/> to expect every column.</param>
    /// <returns>The violations, errors first.</returns>
    public static SchemaValidationResult Validate(DataSchema schema, ReferenceProfile batch, string? environment = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(batch);
        var violations = new List<SchemaViolation>();
        if (batch.InvalidRowCount > 0)
        {
            violations.Add(new SchemaViolation(
                ViolationKind.InvalidRows,
                ViolationSeverity.Warning,
                null,
                $"{batch.InvalidRowCount} row(s) could not be read and were skipped.",
                batch.InvalidRowCount,
                [.. batch.RowErrors.Take(MaxExamples).Select(e => $"line {e.Line}: {e.Message}")]));
        }

        if (batch.RowCount == 0)
        {
            violations.Add(new SchemaViolation(ViolationKind.EmptyBatch, ViolationSeverity.Error, null, "The batch has no rows.", 0, []));
            return Result(batch.RowCount, violations);
        }

        foreach (var column in schema.Columns)
        {
            var observed = batch.Column(column.Name);
            var expected = column.IsExpectedIn(environment);
            if (observed is null)
            {
                if (expected && column.Required)
                {
                    violations.Add(new SchemaViolation(ViolationKind.MissingColumn, ViolationSeverity.Error, column.Name, $"Column '{column.Name}' is missing from the batch.", batch.RowCount, []));
                }

                continue;
            }

            if (!expected)
            {
                violations.Add(new SchemaViolation(ViolationKind.ColumnNotExpected, ViolationSeverity.Info, column.Name, $"Column '{column.Name}' is present although environment '{environment}' does not expect it.", 0, []));
            }

            CheckColumn(column, observed, batch, violations);
        }

        foreach (var observed in batch.Columns)
        {
            if (schema.Column(observed.Name) is null)
            {
                violations.Add(new SchemaViolation(ViolationKind.UnexpectedColumn, ViolationSeverity.Warning, observed.Name, $"Column '{observed.Name}' is not in the schema.", observed.PresentCount, []));
            }
        }

        return Result(batch.RowCount, violations);
    }

    /// <summary>Reads a CSV batch and validates it (see <see cref="ReferenceProfile.FromCsv(TextReader, CsvOptions?, ProfileOptions?)"/>).</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="reader">The CSV text.</param>
    /// <param name="csv">How to read it, or <see langword="null"/> for RFC 4180 with a header.</param>
    /// <param name="environment">The environment, or <see langword="null"/>.</param>
    /// <returns>The violations; malformed lines are reported as <see cref="ViolationKind.InvalidRows"/>.</returns>
    /// <exception cref="InvalidDataException">The CSV has no header, or (strict mode) a malformed record.</exception>
    public static SchemaValidationResult ValidateCsv(DataSchema schema, TextReader reader, CsvOptions? csv = null, string? environment = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Validate(schema, ReferenceProfile.FromCsv(reader, csv), environment);
    }

    private static void CheckColumn(ColumnSchema column, ColumnProfile observed, ReferenceProfile batch, List<SchemaViolation> violations)
    {
        if (observed.MissingFraction > column.MaxMissingFraction)
        {
            violations.Add(new SchemaViolation(
                ViolationKind.MissingFractionTooHigh,
                ViolationSeverity.Error,
                column.Name,
                string.Create(CultureInfo.InvariantCulture, $"Column '{column.Name}' is {Percent.Of(observed.MissingFraction, 2)} missing; the reference was {Percent.Of(column.ReferenceMissingFraction, 2)} and at most {Percent.Of(column.MaxMissingFraction, 2)} is allowed."),
                observed.MissingCount,
                []));
        }

        if (observed.Kind == ColumnKind.Unknown)
        {
            return;
        }

        if (!ColumnKinds.IsCompatible(column.Kind, observed.Kind))
        {
            var wrong = WrongTypeCount(column.Kind, observed);
            violations.Add(new SchemaViolation(
                ViolationKind.TypeChange,
                ViolationSeverity.Error,
                column.Name,
                $"Column '{column.Name}' should be {column.Kind} but holds {observed.Kind} values ({wrong} of {observed.PresentCount} do not fit).",
                wrong,
                [.. TypeExamples(column.Kind, observed)]));
            return;
        }

        if (column.Kind == ColumnKind.Integer && observed.Numeric is { } n && n.IntegerCount < n.Count)
        {
            violations.Add(new SchemaViolation(
                ViolationKind.TypeChange,
                ViolationSeverity.Warning,
                column.Name,
                $"Column '{column.Name}' should hold integers but {n.Count - n.IntegerCount} value(s) have a fraction.",
                n.Count - n.IntegerCount,
                []));
        }

        if (column.Domain is { } domain)
        {
            CheckDomain(column, domain, batch, observed, violations);
        }

        if ((column.Min is not null || column.Max is not null) && observed.Numeric is not null)
        {
            CheckRange(column, batch, observed, violations);
        }

        if (column.VectorDimension is { } dimension && observed.VectorDimension is { } seen
            && (seen != dimension || observed.VectorDimensionMismatches > 0))
        {
            var count = seen != dimension ? observed.PresentCount - observed.VectorDimensionMismatches : observed.VectorDimensionMismatches;
            violations.Add(new SchemaViolation(
                ViolationKind.VectorDimensionMismatch,
                ViolationSeverity.Error,
                column.Name,
                $"Column '{column.Name}' should hold vectors of dimension {dimension}; {count} do not (the first had {seen}).",
                count,
                [seen.ToString(CultureInfo.InvariantCulture)]));
        }
    }

    private static long WrongTypeCount(ColumnKind expected, ColumnProfile observed) => expected switch
    {
        ColumnKind.Numeric or ColumnKind.Integer => observed.PresentCount - observed.NumberCount,
        ColumnKind.Categorical or ColumnKind.Text => observed.PresentCount - observed.StringCount,
        _ => observed.PresentCount,
    };

    private static IEnumerable<string> TypeExamples(ColumnKind expected, ColumnProfile observed)
    {
        var isNumber = ColumnKinds.IsNumber(expected);
        return observed.TopValues
            .Where(v => !isNumber || !double.TryParse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .Take(MaxExamples)
            .Select(v => v.Value);
    }

    private static void CheckDomain(ColumnSchema column, List<string> domain, ReferenceProfile batch, ColumnProfile observed, List<SchemaViolation> violations)
    {
        var allowed = new HashSet<string>(domain, StringComparer.Ordinal);
        IEnumerable<KeyValuePair<string, long>> counts = batch.ValueCounts(observed.Name) ?? observed.TopValues.Select(v => new KeyValuePair<string, long>(v.Value, v.Count));
        var outside = counts.Where(p => !allowed.Contains(p.Key)).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        if (outside.Count == 0)
        {
            return;
        }

        var total = outside.Sum(p => p.Value);
        var exact = observed.ValueCountsAreComplete ? string.Empty : " (at least; the batch has too many distinct values to list them all)";
        violations.Add(new SchemaViolation(
            ViolationKind.OutOfDomain,
            ViolationSeverity.Error,
            column.Name,
            $"Column '{column.Name}' has {total} value(s) outside its domain{exact}: {string.Join(", ", outside.Take(MaxExamples).Select(p => $"'{p.Key}' ({p.Value})"))}.",
            total,
            [.. outside.Take(MaxExamples).Select(p => p.Key)]));
    }

    private static void CheckRange(ColumnSchema column, ReferenceProfile batch, ColumnProfile observed, List<SchemaViolation> violations)
    {
        var min = column.Min ?? double.NegativeInfinity;
        var max = column.Max ?? double.PositiveInfinity;
        var numeric = observed.Numeric!;
        if (numeric.Min >= min && numeric.Max <= max)
        {
            return;
        }

        long count;
        string how;
        var examples = new List<string>();
        if (batch.ValueCounts(observed.Name) is { } counts)
        {
            count = 0;
            foreach (var (text, n) in counts.OrderByDescending(p => p.Value))
            {
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && (v < min || v > max))
                {
                    count += n;
                    if (examples.Count < MaxExamples)
                    {
                        examples.Add(text);
                    }
                }
            }

            how = string.Empty;
        }
        else
        {
            var sketch = batch.State.Columns[batch.State.IndexOf(observed.Name)].Sketch!;
            var below = min > numeric.Min ? (long)Math.Round(sketch.Cdf(Math.BitDecrement(min)) * sketch.Count) : 0;
            var above = max < numeric.Max ? (long)Math.Round((1 - sketch.Cdf(max)) * sketch.Count) : 0;
            count = Math.Max(1, below + above);
            how = string.Create(CultureInfo.InvariantCulture, $" (about; estimated from the quantile sketch within {Percent.Of(sketch.NormalizedRankError, 1)} of the count)");
            if (numeric.Min < min)
            {
                examples.Add(numeric.Min.ToString("R", CultureInfo.InvariantCulture));
            }

            if (numeric.Max > max)
            {
                examples.Add(numeric.Max.ToString("R", CultureInfo.InvariantCulture));
            }
        }

        violations.Add(new SchemaViolation(
            ViolationKind.OutOfRange,
            ViolationSeverity.Error,
            column.Name,
            string.Create(CultureInfo.InvariantCulture, $"Column '{column.Name}' has {count} value(s){how} outside [{min}, {max}]; the batch ranges over [{numeric.Min}, {numeric.Max}]."),
            count,
            examples));
    }

    private static SchemaValidationResult Result(long rows, List<SchemaViolation> violations) =>
        new(rows, [.. violations.OrderByDescending(v => v.Severity)]);
}
