namespace ModelMonitor.Cli.Csv;

/// <summary>
/// A read-only view of a file stream that reports how much of the file has been read, so a reader
/// that owns its own loop (the core profiler, a decompressor) can drive a progress bar.
/// </summary>
internal sealed class ProgressStream(FileStream file, ProgressReporter progress) : Stream
{
    private readonly long _length = Math.Max(1, file.Length);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => file.Length;

    public override long Position
    {
        get => file.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = file.Read(buffer, offset, count);
        Report();
        return read;
    }

    public override int Read(Span<byte> buffer)
    {
        var read = file.Read(buffer);
        Report();
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Report() => progress.Report(file.Position / (double)_length, Formats.Invariant($"{file.Position / 1048576.0:0.0} of {_length / 1048576.0:0.0} MB"));

    /// <summary>Opens a file for reading through a progress report, decompressing a .gz name.</summary>
    public static Stream Open(string path, ProgressReporter progress)
    {
        var file = File.OpenRead(path);
        var counted = new ProgressStream(file, progress);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new System.IO.Compression.GZipStream(counted, System.IO.Compression.CompressionMode.Decompress)
            : counted;
    }
}
