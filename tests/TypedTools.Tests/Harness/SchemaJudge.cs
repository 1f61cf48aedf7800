using System.Text.Json;
using System.Text.Json.Nodes;

namespace TypedTools.Tests.Harness;

/// <summary>
/// An independent JSON Schema 2020-12 (and draft-07) validator: Ajv (with ajv-formats, strict mode) run by Node.js from
/// <c>tests/schema-validator</c>. Its packages are installed from the lock file on first use.
/// </summary>
public static class SchemaJudge
{
    /// <summary>One schema and the JSON texts to validate against it.</summary>
    public sealed record Batch(JsonNode Schema, IReadOnlyList<string> Instances);

    /// <summary>Ajv's verdict on one batch: why the schema itself is invalid (or null), and each instance's result.</summary>
    public sealed record Verdict(string? SchemaError, IReadOnlyList<(bool Valid, string Errors)> Results);

    /// <summary>
    /// Validates every batch in one Node.js process, as JSON Schema 2020-12 or, with <paramref name="draft07"/>, with the
    /// draft-07 validator that <c>import Ajv from "ajv"</c> gives (what many MCP clients check tool schemas with).
    /// </summary>
    public static async Task<IReadOnlyList<Verdict>> ValidateAsync(IReadOnlyList<Batch> batches, CancellationToken cancellationToken, bool draft07 = false)
    {
        string directory = await NodeProjects.ReadyAsync("SchemaValidator", "ajv-formats", cancellationToken);
        var input = new JsonArray(batches.Select(b => (JsonNode)new JsonObject
        {
            ["schema"] = b.Schema.DeepClone(),
            ["instances"] = new JsonArray(b.Instances.Select(i => (JsonNode)JsonValue.Create(i)!).ToArray()),
        }).ToArray());
        string output = await Processes.RunAsync("node", ["validate.mjs", draft07 ? "draft-07" : "2020-12"], directory, cancellationToken, input.ToJsonString());

        using JsonDocument document = JsonDocument.Parse(output);
        return document.RootElement.EnumerateArray().Select(v => new Verdict(
            v.GetProperty("schemaError").GetString(),
            v.GetProperty("results").EnumerateArray()
                .Select(r => (r.GetProperty("valid").GetBoolean(), r.GetProperty("errors").GetString()!)).ToList())).ToList();
    }
}
