using System.Text;

namespace ModelMonitor;

/// <summary>
/// Writes files whole or not at all (checkpoints, reports, every CLI output): the content goes to a
/// temporary file beside the target (so the rename stays on one volume), is flushed to disk, and
/// replaces the target only once it is complete. A crash or an error mid-write leaves the old file,
/// or none, never half a file.
/// </summary>
internal static class AtomicFile
{
    private const string TempMarker = ".tmp-";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes text as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text) => Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, Utf8NoBom, leaveOpen: true);
        writer.Write(text);
    });

    /// <summary>Writes whatever <paramref name="write"/> puts into the stream, then renames it into place.</summary>
    /// <exception cref="IOException">The folder is missing or not writable, or the disk is full (the message names the path).</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"cannot write '{path}': the folder '{folder}' does not exist.");
        }

        var temporary = $"{full}{TempMarker}{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (UnauthorizedAccessException e)
        {
            // One exception type for every "could not write" case, so commands map it to one exit code.
            throw new IOException($"cannot write '{path}': {e.Message}", e);
        }
        finally
        {
            // After a successful move the temporary name no longer exists and this does nothing.
            File.Delete(temporary);
        }
    }

    /// <summary>Removes temporary files a killed process left beside <paramref name="path"/>; they were never renamed, so never the file itself.</summary>
    public static void DeleteLeftovers(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var leftover in Directory.EnumerateFiles(folder, Path.GetFileName(full) + TempMarker + "*"))
        {
            try
            {
                File.Delete(leftover);
            }
            catch (IOException)
            {
                // Best effort: a leftover is removed at the next start.
            }
        }
    }
}
