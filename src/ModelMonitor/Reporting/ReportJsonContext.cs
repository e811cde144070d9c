using System.Text.Json.Serialization;

namespace ModelMonitor.Reporting;

/// <summary>Source-generated JSON metadata for <see cref="MonitorReport"/> and everything it holds.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(MonitorReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
