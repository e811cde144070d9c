using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ModelMonitor.Cli;

/// <summary>The <c>--format</c> option and the culture-invariant text and JSON writers the commands share.</summary>
internal static class Formats
{
    public const string Table = "table";
    public const string Json = "json";

    public static Option<string> Option()
    {
        var option = new Option<string>("--format", "-f")
        {
            Description = "table: aligned text for people; json: one JSON document for scripts.",
            DefaultValueFactory = _ => Table,
        };
        option.AcceptOnlyFromAmong(Table, Json);
        return option;
    }

    /// <summary>Formats with the invariant culture, so numbers read the same on every machine.</summary>
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One invariant line, with a newline.</summary>
    public static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture) + Environment.NewLine;

    /// <summary>Writes one indented JSON object through <paramref name="body"/>.</summary>
    public static string WriteJson(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }
}
