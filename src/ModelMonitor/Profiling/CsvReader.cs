using System.Buffers;

namespace ModelMonitor.Profiling;

/// <summary>
/// An RFC 4180 record reader over a pooled character buffer. Each record's fields are unescaped
/// into one reusable buffer, so reading allocates nothing per record once the buffers have grown
/// to the longest record.
/// </summary>
internal sealed class CsvReader : IDisposable
{
    private const int BufferSize = 1 << 16;
    private readonly TextReader _reader;
    private readonly char _separator;
    private readonly bool _trim;
    private readonly System.Buffers.SearchValues<char> _stops;
    private char[] _buffer;
    private int _position;
    private int _length;
    private bool _eof;
    private char[] _field;
    private int _fieldLength;
    private int[] _starts = new int[32];
    private int[] _ends = new int[32];

    public CsvReader(TextReader reader, char separator, bool trim)
    {
        _reader = reader;
        _separator = separator;
        _trim = trim;
        _stops = System.Buffers.SearchValues.Create([separator, '\r', '\n', '"']);
        _buffer = ArrayPool<char>.Shared.Rent(BufferSize);
        _field = ArrayPool<char>.Shared.Rent(1024);
    }

    /// <summary>Gets the 1-based line on which the last record started.</summary>
    public long RecordLine { get; private set; }

    /// <summary>Gets the number of lines consumed so far.</summary>
    public long Line { get; private set; }

    public int FieldCount { get; private set; }

    /// <summary>Gets the error of the last record, or null when it was well formed.</summary>
    public string? Error { get; private set; }

    public ReadOnlySpan<char> Field(int index) => _field.AsSpan(_starts[index], _ends[index] - _starts[index]);

    /// <summary>Reads the next non-empty record.</summary>
    /// <returns>False at the end of the input.</returns>
    public bool Read()
    {
        while (true)
        {
            if (!EnsureData())
            {
                return false;
            }

            RecordLine = Line + 1;
            ReadRecord();
            if (FieldCount == 1 && _ends[0] == _starts[0] && Error is null)
            {
                continue;
            }

            return true;
        }
    }

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_buffer);
        ArrayPool<char>.Shared.Return(_field);
        _buffer = [];
        _field = [];
    }

    private void ReadRecord()
    {
        FieldCount = 0;
        _fieldLength = 0;
        Error = null;
        var endOfRecord = false;
        while (!endOfRecord)
        {
            ReadField(out endOfRecord);
        }

        Line++;
    }

    /// <summary>Reads one field into the field buffer; <paramref name="endOfRecord"/> is set after the record's last field.</summary>
    private void ReadField(out bool endOfRecord)
    {
        var start = _fieldLength;
        var quoted = false;
        endOfRecord = false;

        // Leading spaces before an opening quote are tolerated when trimming.
        if (_trim)
        {
            while (EnsureData() && _buffer[_position] == ' ')
            {
                _position++;
            }
        }

        if (EnsureData() && _buffer[_position] == '"')
        {
            quoted = true;
            _position++;
            while (true)
            {
                if (!EnsureData())
                {
                    Error ??= "a quoted field is not closed before the end of the file";
                    endOfRecord = true;
                    break;
                }

                var span = _buffer.AsSpan(_position, _length - _position);
                var q = span.IndexOf('"');
                var chunk = q < 0 ? span : span[..q];
                CountLines(chunk);
                Append(chunk);
                _position += chunk.Length;
                if (q < 0)
                {
                    continue;
                }

                _position++;
                if (EnsureData() && _buffer[_position] == '"')
                {
                    Append("\"");
                    _position++;
                    continue;
                }

                break;
            }

            var contentEnd = _fieldLength;
            // After the closing quote only spaces (when trimming), a separator or a line break may follow.
            while (!endOfRecord && EnsureData())
            {
                var c = _buffer[_position];
                if (c == _separator)
                {
                    _position++;
                    break;
                }

                if (c is '\r' or '\n')
                {
                    ConsumeLineBreak();
                    endOfRecord = true;
                    break;
                }

                if (c == ' ' && _trim)
                {
                    _position++;
                    continue;
                }

                Error ??= $"unexpected character '{c}' after a closing quote in field {FieldCount + 1}";
                _position++;
            }

            if (!EnsureData())
            {
                endOfRecord = true;
            }

            AddField(start, contentEnd);
            return;
        }

        while (true)
        {
            if (!EnsureData())
            {
                endOfRecord = true;
                break;
            }

            var span = _buffer.AsSpan(_position, _length - _position);
            var stop = span.IndexOfAny(_stops);
            var chunk = stop < 0 ? span : span[..stop];
            Append(chunk);
            _position += chunk.Length;
            if (stop < 0)
            {
                continue;
            }

            var c = _buffer[_position];
            if (c == '"')
            {
                Error ??= $"a quote inside unquoted field {FieldCount + 1}";
                Append("\"");
                _position++;
                continue;
            }

            if (c == _separator)
            {
                _position++;
            }
            else
            {
                ConsumeLineBreak();
                endOfRecord = true;
            }

            break;
        }

        var end = _fieldLength;
        if (_trim && !quoted)
        {
            while (end > start && _field[end - 1] == ' ')
            {
                end--;
            }
        }

        AddField(start, end);
    }

    private void AddField(int start, int end)
    {
        if (FieldCount == _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
            Array.Resize(ref _ends, _ends.Length * 2);
        }

        _starts[FieldCount] = start;
        _ends[FieldCount] = end;
        FieldCount++;
    }

    private void ConsumeLineBreak()
    {
        if (_buffer[_position] == '\r')
        {
            _position++;
            if (EnsureData() && _buffer[_position] == '\n')
            {
                _position++;
            }
        }
        else
        {
            _position++;
        }
    }

    private void CountLines(ReadOnlySpan<char> chunk)
    {
        // Line breaks inside quoted fields still advance the line number that errors report.
        var at = 0;
        while ((at = chunk.IndexOf('\n')) >= 0)
        {
            Line++;
            chunk = chunk[(at + 1)..];
        }
    }

    private void Append(ReadOnlySpan<char> chars)
    {
        if (_fieldLength + chars.Length > _field.Length)
        {
            var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_field.Length * 2, _fieldLength + chars.Length));
            _field.AsSpan(0, _fieldLength).CopyTo(bigger);
            ArrayPool<char>.Shared.Return(_field);
            _field = bigger;
        }

        chars.CopyTo(_field.AsSpan(_fieldLength));
        _fieldLength += chars.Length;
    }

    private bool EnsureData()
    {
        if (_position < _length)
        {
            return true;
        }

        if (_eof)
        {
            return false;
        }

        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        if (_length <= 0)
        {
            _length = 0;
            _eof = true;
            return false;
        }

        return true;
    }
}
