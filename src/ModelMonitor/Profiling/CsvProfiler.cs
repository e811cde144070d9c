namespace ModelMonitor.Profiling;

/// <summary>Feeds CSV records to a <see cref="ProfileBuilder"/>.</summary>
internal static class CsvProfiler
{
    public static ProfileBuilder Read(TextReader reader, CsvOptions csv, ProfileOptions? options)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(csv);
        using var records = new CsvReader(reader, csv.Separator, csv.TrimWhitespace);
        string[] names;
        var pending = false;
        if (csv.HasHeader)
        {
            if (!records.Read())
            {
                throw new InvalidDataException("The CSV input is empty: it has no header line.");
            }

            if (records.Error is { } error)
            {
                throw new InvalidDataException($"The CSV header (line {records.RecordLine}) is malformed: {error}.");
            }

            names = new string[records.FieldCount];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = records.Field(i).ToString();
                if (names[i].Length == 0)
                {
                    throw new InvalidDataException($"The CSV header names no column {i + 1}.");
                }
            }
        }
        else if (csv.ColumnNames is { } given)
        {
            names = [.. given];
        }
        else
        {
            if (!records.Read())
            {
                throw new InvalidDataException("The CSV input is empty.");
            }

            pending = true;
            names = [.. Enumerable.Range(1, records.FieldCount).Select(i => $"column{i}")];
        }

        ProfileBuilder builder;
        try
        {
            builder = new ProfileBuilder(names, options);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The CSV header is invalid: {e.Message}", e);
        }

        var missing = new HashSet<string>(csv.MissingTokens, StringComparer.Ordinal);
#if NET9_0_OR_GREATER
        var missingLookup = missing.GetAlternateLookup<ReadOnlySpan<char>>();
#endif
        while (pending || records.Read())
        {
            pending = false;
            string? problem = records.Error is { } e ? e : records.FieldCount != names.Length ? $"{records.FieldCount} fields where the header has {names.Length}" : null;
            if (problem is not null)
            {
                if (csv.Strict)
                {
                    throw new InvalidDataException($"CSV line {records.RecordLine}: {problem}.");
                }

                builder.ReportInvalidRow(records.RecordLine, problem);
                continue;
            }

            builder.BeginRow();
            for (var i = 0; i < names.Length; i++)
            {
                var field = records.Field(i);
#if NET9_0_OR_GREATER
                var isMissing = missingLookup.Contains(field);
#else
                var isMissing = missing.Contains(field.ToString());
#endif
                if (!isMissing)
                {
                    builder.AddText(i, field);
                }
            }

            builder.EndRow();
        }

        return builder;
    }
}
