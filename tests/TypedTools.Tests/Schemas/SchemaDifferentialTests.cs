using System.Text.Json;
using CsCheck;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Schemas;

/// <summary>
/// The published input schema must accept exactly what the generated parser accepts. Examples generated from
/// each schema go to the parser (through a real client and server) and to Ajv, an independent JSON Schema
/// 2020-12 validator; every disagreement is listed.
/// </summary>
public sealed class SchemaDifferentialTests : IAsyncLifetime
{
    // One valid argument object per tool; the examples are generated around it.
    private static readonly Dictionary<string, string> s_seeds = new()
    {
        ["primitives"] = """
            {"s":"text","b":true,"i8":-128,"u8":255,"i16":-32768,"u16":65535,"i32":-2147483648,"u32":4294967295,"i64":-9007199254740991,
             "u64":9007199254740991,"f32":1.5,"f64":-2.25e-3,"dec":1.25,"guid":"0f8fad5b-d9cb-469f-a165-70867728950e",
             "at":"2025-06-01T12:30:00.1234567+02:00","day":"2024-02-29","time":"23:59:59.5","span":"1.02:03:04.5",
             "uri":"https://example.org/a?b=c","color":"Blue"}
            """,
        ["nullables"] = """{"s":"x","n":1,"c":"Red","p":{"x":1,"y":2},"list":[1,null]}""",
        ["shape"] = """
            {"shape":{"name":"a","color":"Red","points":[{"x":1,"y":2}],"tags":["a","b"],
                      "child":{"name":"b","color":"Blue","points":[],"child":null,"tags":["t"]}}}
            """,
        ["settings"] = """{"settings":{"title":"t","retries":2,"labels":["x"]}}""",
        ["validated"] = """{"count":5,"code":"abc","word":"abc","items":[1,2],"ratio":1.0}""",
        ["defaults"] = """{"count":1}""",
        ["lists"] = """{"names":["a"],"points":[{"x":1,"y":2}],"grid":[[1,2],[3]]}""",
        ["described"] = """{"value":"x"}""",
        ["maps"] = """{"labels":{"a.b":"x","":"y"},"points":{"p":{"x":1,"y":2},"q":null},"colors":{"c":"Red"},"counts":{"n":[1,2]}}""",
        ["map_sizes"] = """{"groups":{"a":["x","y"],"b":[]}}""",
        ["sets"] = """{"tags":["a","b"],"ids":[1,2,3],"colors":["Red","Blue"]}""",
        ["stage"] = """{"stage":"in-progress","more":["on hold","Done"],"fallback":"Done"}""",
        ["immutables"] = """
            {"tags":["b","a","b"],"points":[{"x":1,"y":2}],"ids":[3,1,2],"names":["x","y"],"counts":{"one":1},
             "colors":{"sky":"Blue"},"lines":["first"],"labels":{"k":"v"},"extra":[7]}
            """,
        ["int_maps"] = """{"lines":{"10":"ten","-1":"x"},"cells":{"255":{"x":1,"y":2}},"big":{"-9223372036854775808":18446744073709551615}}""",
        ["enum_maps"] = """{"counts":{"Red":1},"notes":{"on hold":["x"],"Done":[]},"places":{"Green":{"x":1,"y":2}}}""",
        ["flags"] = """{"access":["Read","Execute"],"grants":[{"who":"ana","access":["ReadWrite"]},{"who":"bo"}],"extra":null,"zero":[]}""",
    };

    private InMemoryServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await InMemoryServer.StartAsync(s => s.AddSingleton<Tools.ICounter, Tools.Counter>());

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>
    /// Every schema is valid JSON Schema 2020-12, and compiles in the draft-07 validator that Ajv gives by default, which
    /// many MCP clients check tool schemas with. 2020-12 is MCP's default dialect (SEP-1613), so no schema names it: such
    /// a client refuses a schema whose <c>$schema</c> is the 2020-12 meta-schema ("no schema with key or ref"), and with
    /// it every call to the tool.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_published_schema_is_valid_without_naming_its_dialect(bool draft07)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        IList<McpClientTool> tools = await _server.Client.ListToolsAsync(cancellationToken: ct);
        var schemas = tools.SelectMany(t => new[] { ("input of " + t.Name, (JsonElement?)t.ProtocolTool.InputSchema), ("output of " + t.Name, t.ProtocolTool.OutputSchema) })
            .Where(s => s.Item2 is not null).ToList();

        var verdicts = await SchemaJudge.ValidateAsync(schemas.Select(s => new SchemaJudge.Batch(JsonNode.Parse(s.Item2!.Value.GetRawText())!, [])).ToList(), ct, draft07);

        Assert.True(schemas.Count > tools.Count, "expected input schemas for all tools and some output schemas");
        Assert.DoesNotContain(schemas, s => s.Item2!.Value.TryGetProperty("$schema", out _));
        var invalid = schemas.Zip(verdicts).Where(p => p.Second.SchemaError is not null).Select(p => $"{p.First.Item1}: {p.Second.SchemaError}").ToList();
        Assert.True(invalid.Count == 0, string.Join("\n", invalid));
    }

    [Fact]
    public async Task Schema_and_parser_agree_on_every_generated_example()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        IList<McpClientTool> tools = await _server.Client.ListToolsAsync(cancellationToken: ct);
        var cases = new List<(string Tool, JsonNode Schema, List<string> Examples)>();
        foreach ((string tool, string seed) in s_seeds)
        {
            JsonNode schema = JsonNode.Parse(tools.Single(t => t.Name == tool).ProtocolTool.InputSchema.GetRawText())!;
            cases.Add((tool, schema, SchemaExamples.Generate(schema.AsObject(), JsonNode.Parse(seed)!.AsObject())));
        }

        var verdicts = await SchemaJudge.ValidateAsync(cases.Select(c => new SchemaJudge.Batch(c.Schema, c.Examples)).ToList(), ct);

        var disagreements = new List<string>();
        foreach (((string tool, _, List<string> examples), SchemaJudge.Verdict verdict) in cases.Zip(verdicts))
        {
            Assert.Null(verdict.SchemaError);
            int accepted = 0;
            for (int i = 0; i < examples.Count; i++)
            {
                (bool parserAccepts, string parserSays) = await ParseAsync(tool, examples[i], ct);
                accepted += parserAccepts ? 1 : 0;
                if (parserAccepts != verdict.Results[i].Valid)
                {
                    disagreements.Add($"{tool} {examples[i]}\n    parser: {(parserAccepts ? "accepts" : parserSays)}\n    schema: {(verdict.Results[i].Valid ? "accepts" : verdict.Results[i].Errors)}");
                }
            }
            // The examples must exercise both verdicts, or agreement would prove nothing.
            Assert.True(accepted > 1 && accepted < examples.Count - 10, $"{tool}: {accepted} of {examples.Count} examples accepted");
        }
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements:\n" + string.Join("\n", disagreements.Take(40)));
    }

    /// <summary>Whether the generated parser accepts the arguments; the tools only echo, so any other error is a test failure.</summary>
    private async Task<(bool Accepted, string Reason)> ParseAsync(string tool, string json, CancellationToken ct)
    {
        CallToolResult result = await _server.Client.CallToolAsync(tool, Json.Args(json), cancellationToken: ct);
        if (result.IsError != true)
        {
            return (true, "");
        }
        JsonElement error = Refusals.Error(result);
        string code = error.GetProperty("code").GetString()!;
        Assert.StartsWith("argument.", code, StringComparison.Ordinal);
        return (false, Refusals.Text(result));
    }
}

/// <summary>
/// The schema differential on random values (CsCheck): for generated tools of varied signatures (the fuzzed tool set,
/// and this assembly's shape tools), random values inside each schema and near misses of them must be accepted by the
/// generated parser exactly when Ajv accepts them, and an accepted value's canonical form must be accepted by both and
/// parse back to itself.
/// </summary>
public sealed class RandomSchemaDifferentialTests
{
    private const int PerTool = 250;

    private static readonly string[] s_shapeTools = ["primitives", "nullables", "shape", "settings", "validated", "defaults", "lists", "maps", "map_sizes", "flags", "sets", "stage", "immutables", "enum_maps", "int_maps"];

    [Fact]
    public async Task Parser_and_schema_agree_on_random_values_and_accepted_values_round_trip()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        ITypedTool[] tools =
        [
            .. TypedTools.Fuzz.FuzzTools.All,
            .. Microsoft.Extensions.DependencyInjection.TypedToolsMcpServerBuilderExtensions.CreateTypedTools().OfType<ITypedTool>()
                .Where(t => s_shapeTools.Contains(t.Descriptor.Name)),
        ];
        var cases = new List<(ITypedTool Tool, List<string> Values)>();
        foreach (ITypedTool tool in tools)
        {
            JsonElement schema = ((ModelContextProtocol.Server.McpServerTool)tool).ProtocolTool.InputSchema;
            var values = new List<string>();
            SchemaGen.Any(schema).Sample(v => values.Add(v?.ToJsonString() ?? "null"), iter: PerTool, threads: 1);
            cases.Add((tool, values));
        }

        var verdicts = await SchemaJudge.ValidateAsync(cases.Select(c => new SchemaJudge.Batch(Schema(c.Tool), c.Values)).ToList(), ct);

        var disagreements = new List<string>();
        var canonicals = new List<(ITypedTool Tool, List<string> Values)>();
        foreach (((ITypedTool tool, List<string> values), SchemaJudge.Verdict verdict) in cases.Zip(verdicts))
        {
            Assert.Null(verdict.SchemaError);
            var accepted = new List<string>();
            for (int i = 0; i < values.Count; i++)
            {
                (bool parserAccepts, string parserSays, string? canonical) = Parse(tool, values[i]);
                if (parserAccepts != verdict.Results[i].Valid)
                {
                    disagreements.Add($"{tool.Descriptor.Name} {values[i]}\n    parser: {(parserAccepts ? "accepts" : parserSays)}\n    schema: {(verdict.Results[i].Valid ? "accepts" : verdict.Results[i].Errors)}");
                }
                if (canonical is not null)
                {
                    accepted.Add(canonical);
                    (bool again, string says, string? canonicalAgain) = Parse(tool, canonical);
                    Assert.True(again && canonicalAgain == canonical, $"{tool.Descriptor.Name}: {values[i]} -> {canonical} -> {(again ? canonicalAgain : says)}");
                }
            }
            // Both verdicts must be exercised, or agreement would prove little. The fuzzed maps tool takes the fewest: its
            // valid draws hold dictionary keys that are near misses as well (over 30 runs: 48 to 76 of 250, mean 64), so
            // the floor sits well below that, at a tenth, for the check not to fail on a draw.
            Assert.True(accepted.Count > PerTool / 10 && accepted.Count < PerTool * 9 / 10, $"{tool.Descriptor.Name}: {accepted.Count} of {values.Count} accepted");
            canonicals.Add((tool, accepted));
        }

        // A client validating with a draft-07 Ajv reaches the same verdicts: the keywords the schemas use validate the same there.
        var draft07Verdicts = await SchemaJudge.ValidateAsync(cases.Select(c => new SchemaJudge.Batch(Schema(c.Tool), c.Values)).ToList(), ct, draft07: true);
        foreach (((ITypedTool tool, List<string> values), (SchemaJudge.Verdict draft07, SchemaJudge.Verdict draft2020)) in cases.Zip(draft07Verdicts.Zip(verdicts)))
        {
            Assert.Null(draft07.SchemaError);
            disagreements.AddRange(values.Select((value, i) => (value, i)).Where(v => draft07.Results[v.i].Valid != draft2020.Results[v.i].Valid)
                .Select(v => $"{tool.Descriptor.Name} {v.value}\n    draft-07: {draft07.Results[v.i].Errors}\n    2020-12: {draft2020.Results[v.i].Errors}"));
        }

        // What the parser writes back must be valid under the schema it publishes.
        var canonicalVerdicts = await SchemaJudge.ValidateAsync(canonicals.Select(c => new SchemaJudge.Batch(Schema(c.Tool), c.Values)).ToList(), ct);
        foreach (((ITypedTool tool, List<string> values), SchemaJudge.Verdict verdict) in canonicals.Zip(canonicalVerdicts))
        {
            disagreements.AddRange(values.Zip(verdict.Results).Where(p => !p.Second.Valid).Select(p => $"{tool.Descriptor.Name} canonical {p.First}: schema: {p.Second.Errors}"));
        }
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements:\n" + string.Join("\n", disagreements.Take(40)));
    }

    /// <summary>
    /// Past 2^53 a JavaScript validator reads two integers as one double, so Ajv calls 2^53 and 2^53 + 1 a repeat in a set;
    /// the parser compares the numbers themselves, as JSON Schema's <c>uniqueItems</c> does, and the set of long keeps both.
    /// </summary>
    [Fact]
    public void A_set_of_long_tells_apart_integers_a_double_cannot()
    {
        ITypedTool maps = TypedTools.Fuzz.FuzzTools.All.Single(t => t.Descriptor.Name == "maps");

        (bool accepted, string reason, string? canonical) = Parse(maps, """{"spots":{},"byHue":{},"tags":[],"ids":[9007199254740993,9007199254740992]}""");
        Assert.True(accepted, reason);
        Assert.Contains("\"ids\":[9007199254740992,9007199254740993]", canonical, StringComparison.Ordinal);
        Assert.Equal((false, "argument.duplicate_field at ids[1]", (string?)null), Parse(maps, """{"spots":{},"byHue":{},"tags":[],"ids":[9007199254740993,9007199254740993]}"""));
    }

    private static JsonNode Schema(ITypedTool tool) => JsonNode.Parse(((ModelContextProtocol.Server.McpServerTool)tool).ProtocolTool.InputSchema.GetRawText())!;

    private static (bool Accepted, string Reason, string? Canonical) Parse(ITypedTool tool, string json)
    {
        if (TypedTools.Testing.Fuzzing.ArgumentsObject.TryParse(System.Text.Encoding.UTF8.GetBytes(json)) is not { } arguments)
        {
            return (false, "not an object", null);
        }
        IReadOnlyList<TypedTools.Arguments.ArgumentError> errors = tool.ValidateArguments(arguments, out ReadOnlyMemory<byte> canonical);
        return errors.Count == 0 ? (true, "", System.Text.Encoding.UTF8.GetString(canonical.Span)) : (false, string.Join("; ", errors.Select(e => $"{e.Code} at {e.Field}")), null);
    }
}
