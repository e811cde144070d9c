namespace ModelMonitor.Profiling;

/// <summary>
/// Builds a <see cref="ReferenceProfile"/> one row at a time in bounded memory: call
/// <see cref="BeginRow"/>, one Add method per present cell (cells not added are missing), then
/// <see cref="EndRow"/>. Each Add is O(1) amortised and does not box. Add at most one value per
/// column per row; column indexes come from <see cref="IndexOf"/> (an index out of range throws
/// <see cref="IndexOutOfRangeException"/>).
/// </summary>
/// <remarks>
/// Not thread-safe: give each thread (or shard) its own builder and <see cref="Merge"/> them; the
/// merged profile equals the profile of the union, up to the sketches' documented errors (and
/// exactly for counts, means, value counts below the capacity and duplicate rows below
/// <see cref="ProfileOptions.DuplicateRowCapacity"/>).
/// </remarks>
public sealed class ProfileBuilder
{
    private readonly ColumnAccumulator[] _columns;
    private readonly ulong[] _salts;
    private readonly Dictionary<string, int> _index;
    private RowHashSet? _rowHashes = new();
    private HyperLogLog? _rowSketch;
    private double[] _sample = [];
    private int _sampleRows;
    private long _sampleSeen;
    private ulong _random;
    private int _slot = -1;
    private ulong _rowHash;
    private bool _inRow;
    private readonly List<RowError> _errors = [];

    /// <summary>Initializes a builder for the given columns.</summary>
    /// <param name="columnNames">Distinct, non-empty column names.</param>
    /// <param name="options">Settings, or <see langword="null"/> for <see cref="ProfileOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">A name is empty or repeated, or the label column is not one of them.</exception>
    public ProfileBuilder(IReadOnlyList<string> columnNames, ProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        Options = options ?? ProfileOptions.Default;
        Options.Validate();
        _columns = new ColumnAccumulator[columnNames.Count];
        _salts = new ulong[columnNames.Count];
        _index = new Dictionary<string, int>(columnNames.Count, StringComparer.Ordinal);
        for (var i = 0; i < columnNames.Count; i++)
        {
            var name = columnNames[i];
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException($"Column {i} has no name.", nameof(columnNames));
            }

            if (!_index.TryAdd(name, i))
            {
                throw new ArgumentException($"Column '{name}' appears twice.", nameof(columnNames));
            }

            _columns[i] = new ColumnAccumulator(name, Options);
            _salts[i] = HyperLogLog.Mix((ulong)i + 0x632BE59BD9B4E019UL);
        }

        if (Options.LabelColumn is { } label && !_index.ContainsKey(label))
        {
            throw new ArgumentException($"The label column '{label}' is not one of the columns.", nameof(options));
        }

        _random = Options.Seed == 0 ? 0x9E3779B97F4A7C15UL : Options.Seed;
    }

    private ProfileBuilder(ProfileOptions options, ColumnAccumulator[] columns)
    {
        Options = options;
        _columns = columns;
        _salts = new ulong[columns.Length];
        _index = new Dictionary<string, int>(columns.Length, StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            if (!_index.TryAdd(columns[i].Name, i))
            {
                throw new FormatException($"Column '{columns[i].Name}' appears twice.");
            }

            _salts[i] = HyperLogLog.Mix((ulong)i + 0x632BE59BD9B4E019UL);
        }
    }

    /// <summary>Gets the settings.</summary>
    public ProfileOptions Options { get; }

    /// <summary>Gets the number of rows ended so far.</summary>
    public long RowCount { get; private set; }

    /// <summary>Gets the number of columns.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>Gets the number of rows reported invalid with <see cref="ReportInvalidRow"/>.</summary>
    public long InvalidRowCount { get; private set; }

    internal ColumnAccumulator[] Columns => _columns;

    /// <summary>Finds a column's index.</summary>
    /// <param name="name">The column name.</param>
    /// <returns>The index, or -1 when there is no such column.</returns>
    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;

    /// <summary>Starts a row.</summary>
    /// <exception cref="InvalidOperationException">The previous row was not ended.</exception>
    public void BeginRow()
    {
        if (_inRow)
        {
            throw new InvalidOperationException("BeginRow was called twice without EndRow.");
        }

        _inRow = true;
        _rowHash = 0;
        _slot = ChooseSampleSlot();
    }

    /// <summary>Adds a number; NaN and infinities count as missing.</summary>
    /// <param name="column">The column index.</param>
    /// <param name="value">The value.</param>
    public void AddNumber(int column, double value)
    {
        var hash = _columns[column].ObserveNumber(value);
        _rowHash += HyperLogLog.Mix(hash ^ _salts[column]);
        if (_slot >= 0 && double.IsFinite(value))
        {
            _sample[(_slot * _columns.Length) + column] = value;
        }
    }

    /// <summary>Adds a boolean.</summary>
    /// <param name="column">The column index.</param>
    /// <param name="value">The value.</param>
    public void AddBoolean(int column, bool value) => _rowHash += HyperLogLog.Mix(_columns[column].ObserveBoolean(value) ^ _salts[column]);

    /// <summary>Adds a date.</summary>
    /// <param name="column">The column index.</param>
    /// <param name="value">The value.</param>
    public void AddDateTime(int column, DateTime value) => _rowHash += HyperLogLog.Mix(_columns[column].ObserveDateTime(value) ^ _salts[column]);

    /// <summary>Adds a string as it is (never parsed as a number).</summary>
    /// <param name="column">The column index.</param>
    /// <param name="value">The value.</param>
    public void AddString(int column, ReadOnlySpan<char> value) => _rowHash += HyperLogLog.Mix(_columns[column].ObserveString(value) ^ _salts[column]);

    /// <summary>Adds a text field whose type is inferred: an invariant-culture number, true/false, an ISO date, else a string.</summary>
    /// <param name="column">The column index.</param>
    /// <param name="value">The field.</param>
    public void AddText(int column, ReadOnlySpan<char> value)
    {
        var c = _columns[column];
        var numbers = c.Numbers;
        var hash = c.ObserveText(value);
        _rowHash += HyperLogLog.Mix(hash ^ _salts[column]);
        if (_slot >= 0 && c.Numbers != numbers)
        {
            _sample[(_slot * _columns.Length) + column] = c.LastNumber;
        }
    }

    /// <summary>Adds a vector (an embedding).</summary>
    /// <param name="column">The column index.</param>
    /// <param name="value">The components.</param>
    public void AddVector(int column, ReadOnlySpan<float> value) => _rowHash += HyperLogLog.Mix(_columns[column].ObserveVector(value) ^ _salts[column]);

    /// <summary>Marks a cell missing explicitly (a cell never added is missing too).</summary>
    /// <param name="column">The column index.</param>
    public void AddMissing(int column) => _rowHash += HyperLogLog.Mix(_columns[column].ObserveMissing() ^ _salts[column]);

    /// <summary>Ends the row: cells not added are counted missing, and the row is checked for duplicates.</summary>
    /// <exception cref="InvalidOperationException">No row was begun.</exception>
    public void EndRow()
    {
        if (!_inRow)
        {
            throw new InvalidOperationException("EndRow was called without BeginRow.");
        }

        _inRow = false;
        var rows = RowCount + 1;
        for (var i = 0; i < _columns.Length; i++)
        {
            var c = _columns[i];
            while (c.Cells < rows)
            {
                _rowHash += HyperLogLog.Mix(c.ObserveMissing() ^ _salts[i]);
            }
        }

        RowCount = rows;
        AddRowHash(HyperLogLog.Mix(_rowHash));
    }

    /// <summary>Records a row that could not be read (a malformed CSV line, say); it is not profiled.</summary>
    /// <param name="line">The 1-based line number, or the row number.</param>
    /// <param name="message">What was wrong.</param>
    public void ReportInvalidRow(long line, string message)
    {
        InvalidRowCount++;
        if (_errors.Count < MaxErrorsKept)
        {
            _errors.Add(new RowError(line, message));
        }
    }

    /// <summary>The number of <see cref="RowError"/> details kept (the count goes on).</summary>
    public const int MaxErrorsKept = 100;

    /// <summary>Adds another builder's rows, as if this builder had seen them too.</summary>
    /// <param name="other">A builder with the same columns, in the same order, and equal options.</param>
    /// <exception cref="ArgumentException">The columns or options differ.</exception>
    public void Merge(ProfileBuilder other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            other = other.Clone();
        }

        if (other.Options != Options)
        {
            throw new ArgumentException("Profiles built with different options cannot be merged.", nameof(other));
        }

        if (other._columns.Length != _columns.Length)
        {
            throw new ArgumentException($"This profile has {_columns.Length} columns, the other {other._columns.Length}.", nameof(other));
        }

        for (var i = 0; i < _columns.Length; i++)
        {
            if (!string.Equals(_columns[i].Name, other._columns[i].Name, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Column {i} is '{_columns[i].Name}' here and '{other._columns[i].Name}' in the other profile.", nameof(other));
            }
        }

        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i].Merge(other._columns[i]);
        }

        RowCount += other.RowCount;
        MergeRowHashes(other);
        MergeSample(other);
        InvalidRowCount += other.InvalidRowCount;
        foreach (var e in other._errors)
        {
            if (_errors.Count < MaxErrorsKept)
            {
                _errors.Add(e);
            }
        }
    }

    /// <summary>Freezes what was seen so far into a profile; the builder can go on.</summary>
    /// <returns>The profile.</returns>
    /// <exception cref="InvalidOperationException">A row is open.</exception>
    public ReferenceProfile Build()
    {
        if (_inRow)
        {
            throw new InvalidOperationException("End the open row before building the profile.");
        }

        return new ReferenceProfile(Clone());
    }

    internal ProfileBuilder Clone() => FromState(ToState());

    internal long DistinctRows => _rowHashes?.Count ?? Math.Min(_rowSketch!.Estimate(), RowCount);

    internal bool DuplicateCountIsExact => _rowHashes is not null;

    internal IReadOnlyList<RowError> Errors => _errors;

    internal int SampleRows => _sampleRows;

    internal long SampleSeen => _sampleSeen;

    internal double[] Sample => _sample;

    internal ProfileState ToState()
    {
        string? hashes = null;
        if (_rowHashes is not null)
        {
            var sorted = _rowHashes.ToArray();
            Array.Sort(sorted);
            var bytes = new byte[sorted.Length * 8];
            for (var i = 0; i < sorted.Length; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), sorted[i]);
            }

            hashes = Convert.ToBase64String(bytes);
        }

        return new ProfileState
        {
            FormatVersion = ReferenceProfile.CurrentFormatVersion,
            Options = ProfileOptionsState.From(Options),
            Rows = RowCount,
            Columns = [.. _columns.Select(c => c.ToState())],
            RowHashes = hashes,
            RowHashSketch = _rowSketch?.Registers.ToArray(),
            SampleSeen = _sampleSeen,
            SampleRows = _sampleRows,
            Sample = _sample.AsSpan(0, _sampleRows * _columns.Length).ToArray(),
            SampleRandom = _random,
            InvalidRows = InvalidRowCount,
            RowErrors = [.. _errors],
        };
    }

    internal static ProfileBuilder FromState(ProfileState state)
    {
        var options = (state.Options ?? throw new FormatException("The profile has no options.")).ToOptions();
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"The profile's options are invalid: {e.Message}", e);
        }

        var columns = (state.Columns ?? throw new FormatException("The profile has no columns.")).Select(c => ColumnAccumulator.FromState(c, options)).ToArray();
        var builder = new ProfileBuilder(options, columns)
        {
            RowCount = state.Rows,
            InvalidRowCount = state.InvalidRows,
            _sampleSeen = state.SampleSeen,
            _sampleRows = state.SampleRows,
            _random = state.SampleRandom,
        };
        foreach (var c in columns)
        {
            if (c.Cells != state.Rows)
            {
                throw new FormatException($"Column '{c.Name}' has {c.Cells} cells but the profile has {state.Rows} rows.");
            }
        }

        if (state.RowHashes is { } text)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(text);
            }
            catch (FormatException e)
            {
                throw new FormatException("The row hashes are not valid base64.", e);
            }

            if (bytes.Length % 8 != 0)
            {
                throw new FormatException("The row hashes are truncated.");
            }

            builder._rowHashes = new RowHashSet();
            for (var i = 0; i < bytes.Length; i += 8)
            {
                builder._rowHashes.Add(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i)));
            }
        }
        else
        {
            builder._rowHashes = null;
            builder._rowSketch = HyperLogLog.FromRegisters(RowSketchPrecision, state.RowHashSketch ?? throw new FormatException("The profile has neither row hashes nor a row sketch."));
        }

        var width = columns.Length;
        var sample = state.Sample ?? [];
        if (state.SampleRows < 0 || state.SampleRows > options.CorrelationSampleSize || sample.Length != state.SampleRows * width || state.SampleSeen < state.SampleRows)
        {
            throw new FormatException($"The correlation sample is corrupted ({sample.Length} values for {state.SampleRows} rows of {width} columns).");
        }

        builder._sample = new double[Math.Max(sample.Length, Math.Min(options.CorrelationSampleSize, 1024) * width)];
        sample.CopyTo(builder._sample, 0);
        foreach (var e in state.RowErrors ?? [])
        {
            builder._errors.Add(e);
        }

        return builder;
    }

    private const int RowSketchPrecision = 14;

    private void AddRowHash(ulong hash)
    {
        if (_rowHashes is { } set)
        {
            set.Add(hash);
            if (set.Count > Options.DuplicateRowCapacity)
            {
                SwitchRowsToSketch();
            }
        }
        else
        {
            _rowSketch!.AddHash(hash);
        }
    }

    private void SwitchRowsToSketch()
    {
        _rowSketch = new HyperLogLog(RowSketchPrecision);
        foreach (var h in _rowHashes!.ToArray())
        {
            _rowSketch.AddHash(h);
        }

        _rowHashes = null;
    }

    private void MergeRowHashes(ProfileBuilder other)
    {
        if (_rowHashes is not null && other._rowHashes is not null)
        {
            foreach (var h in other._rowHashes.ToArray())
            {
                _rowHashes.Add(h);
            }

            if (_rowHashes.Count > Options.DuplicateRowCapacity)
            {
                SwitchRowsToSketch();
            }

            return;
        }

        if (_rowHashes is not null)
        {
            SwitchRowsToSketch();
        }

        if (other._rowHashes is not null)
        {
            foreach (var h in other._rowHashes.ToArray())
            {
                _rowSketch!.AddHash(h);
            }
        }
        else
        {
            _rowSketch!.Merge(other._rowSketch!);
        }
    }

    private int ChooseSampleSlot()
    {
        var capacity = Options.CorrelationSampleSize;
        if (capacity == 0)
        {
            return -1;
        }

        var seen = _sampleSeen++;
        int slot;
        if (seen < capacity)
        {
            slot = _sampleRows++;
            var needed = _sampleRows * _columns.Length;
            if (needed > _sample.Length)
            {
                Array.Resize(ref _sample, Math.Max(needed, Math.Min(capacity, Math.Max(1024, _sample.Length / _columns.Length * 2)) * _columns.Length));
            }
        }
        else
        {
            // Algorithm R: the row replaces a random slot with probability capacity / (seen + 1).
            var j = (long)(NextRandom() % (ulong)(seen + 1));
            if (j >= capacity)
            {
                return -1;
            }

            slot = (int)j;
        }

        _sample.AsSpan(slot * _columns.Length, _columns.Length).Fill(double.NaN);
        return slot;
    }

    private void MergeSample(ProfileBuilder other)
    {
        var width = _columns.Length;
        var capacity = Options.CorrelationSampleSize;
        var total = _sampleSeen + other._sampleSeen;
        if (_sampleSeen + other._sampleSeen <= capacity)
        {
            // Both samples hold every row they saw: the union is exact.
            var needed = (_sampleRows + other._sampleRows) * width;
            if (needed > _sample.Length)
            {
                Array.Resize(ref _sample, needed);
            }

            other._sample.AsSpan(0, other._sampleRows * width).CopyTo(_sample.AsSpan(_sampleRows * width));
            _sampleRows += other._sampleRows;
            _sampleSeen = total;
            return;
        }

        // Each side is a uniform sample of its stream; take from each in proportion to the rows it saw.
        var fromMine = (int)Math.Round((double)capacity * _sampleSeen / total);
        fromMine = Math.Min(fromMine, _sampleRows);
        var fromOther = Math.Min(capacity - fromMine, other._sampleRows);
        var merged = new double[(fromMine + fromOther) * width];
        var at = 0;
        foreach (var row in PickRows(_sampleRows, fromMine))
        {
            _sample.AsSpan(row * width, width).CopyTo(merged.AsSpan(at++ * width));
        }

        foreach (var row in PickRows(other._sampleRows, fromOther))
        {
            other._sample.AsSpan(row * width, width).CopyTo(merged.AsSpan(at++ * width));
        }

        _sample = merged;
        _sampleRows = fromMine + fromOther;
        _sampleSeen = total;
    }

    private int[] PickRows(int available, int count)
    {
        var rows = new int[available];
        for (var i = 0; i < available; i++)
        {
            rows[i] = i;
        }

        for (var i = 0; i < count; i++)
        {
            var j = i + (int)(NextRandom() % (ulong)(available - i));
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }

        return rows[..count];
    }

    private ulong NextRandom()
    {
        var x = _random;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        _random = x;
        return x * 0x2545F4914F6CDD1DUL;
    }
}

/// <summary>A row that could not be read.</summary>
/// <param name="Line">The 1-based line (or row) number.</param>
/// <param name="Message">What was wrong.</param>
public readonly record struct RowError(long Line, string Message);
