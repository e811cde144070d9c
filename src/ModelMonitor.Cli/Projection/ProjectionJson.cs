using System.Text.Json;
using ModelMonitor.Projection;

namespace ModelMonitor.Cli.Projection;

/// <summary>Writes projection results as JSON by hand (no reflection, so the tool stays trimming-safe).</summary>
internal static class ProjectionJson
{
    public static void WriteProjection(Utf8JsonWriter json, GroupedProjectionResult p)
    {
        json.WriteStartObject();
        json.WriteString("method", p.Method.ToString().ToLowerInvariant());
        json.WriteNumber("farDistance", p.FarDistance);
        json.WriteStartArray("groups");
        foreach (var g in p.Groups)
        {
            json.WriteStartObject();
            json.WriteString("group", g.Group);
            json.WriteNumber("referenceCount", g.ReferenceCount);
            json.WriteNumber("servingCount", g.ServingCount);
            WriteNumber(json, "centroidShift", g.CentroidShift);
            WriteNumber(json, "projectedCentroidShift", g.ProjectedCentroidShift);
            WriteNumber(json, "referenceSpread", g.ReferenceSpread);
            WriteNumber(json, "servingSpread", g.ServingSpread);
            WriteNumber(json, "farShare", g.FarShare);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("points");
        foreach (var pt in p.Points)
        {
            json.WriteStartObject();
            json.WriteString("group", pt.Group);
            json.WriteString("side", pt.IsServing ? "serving" : "reference");
            json.WriteNumber("x", pt.X);
            json.WriteNumber("y", pt.Y);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteDrift(Utf8JsonWriter json, string name, EmbeddingDriftResult r)
    {
        json.WriteStartObject(name);
        json.WriteNumber("referenceCount", r.ReferenceCount);
        json.WriteNumber("servingCount", r.ServingCount);
        json.WriteNumber("mmd2", r.Mmd2);
        json.WriteNumber("bandwidth", r.Bandwidth);
        json.WriteNumber("mmdPValue", r.MmdPValue);
        json.WriteNumber("permutations", r.Permutations);
        json.WriteNumber("domainAuc", r.DomainAuc);
        json.WriteNumber("domainAucLower", r.DomainAucLower);
        json.WriteNumber("domainAucUpper", r.DomainAucUpper);
        WriteNumber(json, "centroidEuclidean", r.CentroidEuclidean);
        WriteNumber(json, "centroidCosine", r.CentroidCosine);
        json.WriteBoolean("isDrift", r.IsDrift);
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
