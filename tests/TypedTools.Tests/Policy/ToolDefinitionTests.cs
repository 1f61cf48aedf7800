using System.Text;
using System.Text.Json;
using CsCheck;
using ModelContextProtocol.Protocol;
using TypedTools.Policy;
using TypedTools.Policy.Paths;
using Xunit;

namespace TypedTools.Tests.Policy;

/// <summary>
/// A generated tool's definition (its policy-manifest entry, its title and description, its schemas) read into the
/// SDK's <see cref="Tool"/> and the <see cref="ToolDescriptor"/> the pipeline enforces. Strict: anything it would not
/// understand stops the tool from being created, never falls back to a default.
/// </summary>
public sealed class ToolDefinitionTests
{
    private const string Policy = """
        {"name":"send","effects":{"readOnly":false,"destructive":true,"idempotent":false,"openWorld":true},
         "capabilities":["SendsExternally","ReadsPrivateData"],"confirmation":false,"confirmationWaiver":"Only the test sink","effect":"Sends it",
         "paths":[{"parameter":"a","root":"workspace","access":"Read"},{"parameter":"b","root":"home","access":"Write"},{"parameter":"c","root":"workspace","access":"Read"}],
         "domains":[{"parameter":"url","patterns":["docs.example.org"],"allowHttp":false,"ports":[]},{"parameter":"hook","patterns":[],"set":"team","allowHttp":true,"ports":[8443,443]}],
         "claims":["sub","tenant"],"secrets":["token"],"destinations":true,"inputSchemaSha256":"00"}
        """;

    private const string InputSchema = """{"type":"object","properties":{"to":{"type":"string"}}}""";

    /// <summary>Reads the definition as generated code gives it: text (an empty output schema is none).</summary>
    private static (Tool Tool, ToolDescriptor Descriptor) Read(string policy = Policy, string input = InputSchema, string output = """{"type":"object"}""",
        string? title = "Send", string? icon = null, string? meta = null) =>
        ToolDefinition.Read(meta is null ? policy : WithMeta(policy, meta), title, "Sends a thing.", input, output.Length == 0 ? null : output, icon);

    /// <summary>The policy with a <c>meta</c> fact, where the generator writes it (before the schema's hash).</summary>
    private static string WithMeta(string policy, string meta) =>
        policy.Replace(",\"inputSchemaSha256\"", ",\"meta\":" + meta + ",\"inputSchemaSha256\"", StringComparison.Ordinal);

    private static string Refusal(string policy) => Assert.Throws<InvalidDataException>(() => Read(policy)).Message;

    /// <summary>The policy with one fragment replaced (ordinally; the fragments are exact JSON text).</summary>
    private static string Edited(string from, string to) => Policy.Replace(from, to, StringComparison.Ordinal);

    [Fact]
    public void Every_fact_reaches_the_descriptor()
    {
        ToolDescriptor d = Read().Descriptor;

        Assert.Equal("send", d.Name);
        Assert.Equal(ToolEffects.Destructive | ToolEffects.OpenWorld, d.Effects);
        Assert.Equal(ToolCapabilities.SendsExternally | ToolCapabilities.ReadsPrivateData, d.Capabilities);
        Assert.False(d.RequiresConfirmation);
        Assert.Equal("Only the test sink", d.ConfirmationWaiver);
        Assert.Equal("Sends it", d.EffectDescription);
        Assert.Equal(["home", "workspace"], d.PathRoots); // each root once, in ordinal order
        // One rule per [AllowedPath] parameter, in order: generated code names them by index.
        Assert.Equal([new PathRule("workspace", PathAccess.Read), new PathRule("home", PathAccess.Write), new PathRule("workspace", PathAccess.Read)], d.PathRules);
        Assert.Equal(["sub", "tenant"], d.RequiredClaims);
        Assert.True(d.HasSecrets);
        Assert.True(d.DeclaresDestinations);
        Assert.Equal(2, d.DomainRules.Count);
        Assert.Equal(["docs.example.org"], d.DomainRules[0].Patterns);
        Assert.Null(d.DomainRules[0].Set);
        Assert.False(d.DomainRules[0].AllowHttp);
        Assert.Null(d.DomainRules[0].Ports); // none: the scheme's default port
        Assert.Equal("team", d.DomainRules[1].Set);
        Assert.True(d.DomainRules[1].AllowHttp);
        Assert.Equal([8443, 443], d.DomainRules[1].Ports);
    }

    [Fact]
    public void The_protocol_tool_is_what_tools_list_publishes()
    {
        // Its name and behaviour hints are the policy's: a client is told what the pipeline enforces.
        Tool tool = Read().Tool;

        Assert.Equal(("send", "Send", "Sends a thing."), (tool.Name, tool.Title, tool.Description));
        Assert.Equal("""{"type":"object","properties":{"to":{"type":"string"}}}""", tool.InputSchema.GetRawText());
        Assert.Equal("""{"type":"object"}""", tool.OutputSchema?.GetRawText());
        Assert.Equal(("Send", false, true, false, true),
            (tool.Annotations!.Title, tool.Annotations.ReadOnlyHint, tool.Annotations.DestructiveHint, tool.Annotations.IdempotentHint, tool.Annotations.OpenWorldHint));
        Assert.Null(Read(output: "").Tool.OutputSchema); // a tool without one
    }

    [Fact]
    public void Tools_with_the_same_schema_share_one_parsed_copy()
    {
        // Parsed once per distinct text (a start-up cost that grew with the tools): the same bytes in the same memory.
        string input = """{"type":"object","properties":{"shared":{"type":"string"}}}""";
        (Tool first, Tool second) = (Read(input: input).Tool, Read(input: input).Tool);
        Tool other = Read(input: """{"type":"object","properties":{"other":{"type":"string"}}}""").Tool;

        Assert.True(SameMemory(first.InputSchema, second.InputSchema));
        Assert.True(SameMemory(first.OutputSchema!.Value, other.OutputSchema!.Value)); // {"type":"object"}: an output schema shares it too
        Assert.False(SameMemory(first.InputSchema, other.InputSchema));
        Assert.Equal(input, second.InputSchema.GetRawText());
        Assert.Contains("\"other\"", other.InputSchema.GetRawText(), StringComparison.Ordinal);

        // A schema that failed is not kept: the same text fails again.
        Assert.Throws<InvalidDataException>(() => Read(input: "{\"type\":"));
        Assert.Throws<InvalidDataException>(() => Read(input: "{\"type\":"));

        static bool SameMemory(JsonElement a, JsonElement b) => System.Runtime.CompilerServices.Unsafe.AreSame(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(a)),
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(b)));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"type\":")]
    [InlineData("")]
    [InlineData("{\"type\":\"string\"}")] // an object, but not a tool's input schema (the SDK refuses it)
    public void A_schema_that_is_not_a_tools_stops_the_tool(string schema) =>
        Assert.Throws<InvalidDataException>(() => Read(input: schema));

    [Fact]
    public void A_manifest_entry_without_secrets_or_destinations_declares_neither()
    {
        // Written before they were recorded (typedtools diff reads older assemblies), or a tool that has none.
        string older = Edited("\"secrets\":[\"token\"],\"destinations\":true,", "");

        ToolDescriptor d = Read(policy: older).Descriptor;

        Assert.False(d.HasSecrets);
        Assert.False(d.DeclaresDestinations);
    }

    [Theory]
    [InlineData("\"capabilities\":[\"SendsExternally\"", "\"capabilities\":[\"SendsExternally\",\"DeletesEverything\"", "Unknown capability 'DeletesEverything'")]
    [InlineData("\"destinations\":true", "\"destinations\":true,\"network\":\"none\"", "'network'")]
    [InlineData("\"allowHttp\":false,\"ports\":[]", "\"allowHttp\":false,\"ports\":[],\"lenient\":true", "'lenient'")]
    [InlineData("\"access\":\"Write\"}", "\"access\":\"Write\",\"follow\":true}", "'follow'")]
    [InlineData("\"access\":\"Write\"}", "\"access\":\"Execute\"}", "Unknown access level 'Execute'")]
    [InlineData("\"access\":\"Write\"}", "\"access\":\"write\"}", "Unknown access level 'write'")]
    [InlineData("\"openWorld\":true}", "\"openWorld\":true,\"safe\":true}", "'safe'")]
    public void A_fact_this_version_does_not_know_stops_the_tool(string from, string to, string expected) =>
        Assert.Contains(expected, Refusal(Edited(from, to)), StringComparison.Ordinal);

    [Theory]
    [InlineData("\"confirmation\":false,", "")]
    [InlineData("\"effects\":{\"readOnly\":false,\"destructive\":true,", "\"effects\":{\"readOnly\":false,")]
    [InlineData("\"claims\":[\"sub\",\"tenant\"],", "")]
    [InlineData("\"domains\":[{\"parameter\":\"url\",\"patterns\":[\"docs.example.org\"],\"allowHttp\":false,", "\"domains\":[{\"parameter\":\"url\",\"allowHttp\":false,")]
    [InlineData("{\"parameter\":\"b\",\"root\":\"home\",", "{\"parameter\":\"b\",")]
    [InlineData(",\"access\":\"Write\"", "")]
    [InlineData(",\"inputSchemaSha256\":\"00\"", "")]
    public void A_missing_fact_stops_the_tool(string from, string to) =>
        Assert.Contains("is missing", Refusal(Edited(from, to)), StringComparison.Ordinal);

    [Theory]
    [InlineData("\"confirmation\":false", "\"confirmation\":\"false\"")]
    [InlineData("\"confirmation\":false", "\"confirmation\":0")]
    [InlineData("\"claims\":[\"sub\",\"tenant\"]", "\"claims\":\"sub\"")]
    [InlineData("\"claims\":[\"sub\",\"tenant\"]", "\"claims\":[\"sub\",null]")]
    [InlineData("\"ports\":[8443,443]", "\"ports\":[8443,0]")]
    [InlineData("\"ports\":[8443,443]", "\"ports\":[8443,70000]")]
    [InlineData("\"ports\":[8443,443]", "\"ports\":[\"443\"]")]
    [InlineData("\"secrets\":[\"token\"]", "\"secrets\":true")]
    public void An_ill_typed_fact_stops_the_tool(string from, string to) =>
        Assert.Throws<InvalidDataException>(() => Read(policy: Edited(from, to)));

    [Fact]
    public void A_repeated_fact_stops_the_tool()
    {
        // A reader that kept the last value would let an appended "confirmation":false undo the first.
        Assert.Contains("appears twice", Refusal(Edited("\"confirmation\":false", "\"confirmation\":true,\"confirmation\":false")),
            StringComparison.Ordinal);
        Assert.Contains("appears twice", Refusal(Edited("\"name\":\"send\"", "\"name\":\"send\",\"name\":\"other\"")),
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_hints_follow_the_effects()
    {
        string readOnly = Edited("\"readOnly\":false,\"destructive\":true,\"idempotent\":false,\"openWorld\":true",
            "\"readOnly\":true,\"destructive\":false,\"idempotent\":true,\"openWorld\":false");

        ToolAnnotations hints = Read(policy: readOnly).Tool.Annotations!;

        Assert.Equal((true, false, true, false), (hints.ReadOnlyHint, hints.DestructiveHint, hints.IdempotentHint, hints.OpenWorldHint));
        Assert.Null(Read(title: null).Tool.Annotations!.Title);
    }

    [Theory]
    [InlineData("""{"name":"send",""")]
    [InlineData("""[]""")]
    [InlineData("")]
    [InlineData("""{"name":"send"} {}""")]
    public void A_malformed_policy_stops_the_tool(string json) =>
        Assert.Throws<InvalidDataException>(() => Read(json));

    [Fact]
    public void Facts_the_policy_states_are_not_taken_from_anywhere_else()
    {
        // A definition in the older form (the tool's own name and hints beside the policy) is not a policy.
        Assert.Contains("'tool'", Refusal($$"""{"tool":{"name":"send"},"policy":{{Policy}}}"""), StringComparison.Ordinal);
        Assert.Contains("'annotations'", Refusal(Edited("\"name\":\"send\",", "\"name\":\"send\",\"annotations\":{},")),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Whatever_the_bytes_the_reader_answers_with_a_descriptor_or_InvalidDataException()
    {
        // Truncations, byte flips and insertions of a valid policy (invalid UTF-8, control characters, broken tokens
        // included): the reader never fails any other way, so a malformed definition has one clear error.
        byte[] policy = Encoding.UTF8.GetBytes(Policy), schema = Encoding.UTF8.GetBytes(InputSchema);
        Gen.Select(Gen.Bool, Gen.Int[0, 10_000], Gen.Byte, Gen.Int[0, 2]).Sample((inSchema, position, value, kind) =>
        {
            byte[] valid = inSchema ? schema : policy;
            int at = position % valid.Length;
            byte[] bytes = kind switch
            {
                0 => valid[..at],
                1 => [.. valid[..at], value, .. valid[(at + 1)..]],
                _ => [.. valid[..at], value, .. valid[at..]],
            };
            try
            {
                _ = ToolDefinition.Read(inSchema ? policy : bytes, "Send", null, inSchema ? bytes : schema, default);
            }
            catch (InvalidDataException)
            {
                // The one way it may fail.
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Text_reads_as_its_UTF8_does_and_half_a_surrogate_pair_stops_the_tool()
    {
        // The generator gives text (string literals cost the build nothing; UTF-8 ones a node per byte); the runtime
        // transcodes it strictly, into the one reader the UTF-8 form has.
        string meta = """{"note":"café 😀","n":[1,2]}""", output = """{"type":"object","properties":{"é":{}}}""";
        (Tool fromText, ToolDescriptor textDescriptor) = Read(output: output, meta: meta);
        (Tool fromUtf8, ToolDescriptor utf8Descriptor) = ToolDefinition.Read(Encoding.UTF8.GetBytes(WithMeta(Policy, meta)), "Send", "Sends a thing.",
            Encoding.UTF8.GetBytes(InputSchema), Encoding.UTF8.GetBytes(output));
        Assert.Equivalent(utf8Descriptor, textDescriptor, strict: true);
        Assert.Equal(JsonSerializer.Serialize(fromUtf8), JsonSerializer.Serialize(fromText));
        Assert.Equal("caf\u00e9 \U0001F600", fromText.Meta!["note"]!.GetValue<string>());
        Assert.True(fromText.OutputSchema!.Value.GetProperty("properties").TryGetProperty("\u00e9", out _));

        // Half a pair cannot be UTF-8: no replacement character, the tool is not created. In each part of the definition.
        Assert.Throws<InvalidDataException>(() => Read(meta: "{\"note\":\"\uD83D\"}"));
        Assert.Throws<InvalidDataException>(() => Read(input: "{\"type\":\"object\",\"description\":\"\uDE00\"}"));
        Assert.Throws<InvalidDataException>(() => Read(output: "{\"type\":\"object\",\"description\":\"\uD83D\"}"));
        Assert.Throws<ArgumentNullException>(() => ToolDefinition.Read(Policy, null, null, null!, null));
    }

    [Fact]
    public void The_same_reader_serves_the_manifest()
    {
        // typedtools manifest lists the profiles that would allow a tool from the descriptor the runtime would enforce.
        using JsonDocument document = JsonDocument.Parse(Policy);
        Assert.Equivalent(Read().Descriptor, ToolDefinition.ReadPolicy(document.RootElement), strict: true);
    }

    [Fact]
    public void An_icon_and_a_meta_object_reach_the_tool_and_malformed_meta_stops_its_creation()
    {
        Tool tool = Read(icon: "data:image/png;base64,AAAA", meta: """{"a":[1,{"b":null}]}""").Tool;
        Assert.Equal("data:image/png;base64,AAAA", Assert.Single(tool.Icons!).Source);
        Assert.Equal("""{"a":[1,{"b":null}]}""", tool.Meta!.ToJsonString());
        Assert.Null(Read().Tool.Icons);
        Assert.Null(Read().Tool.Meta);

        // The policy's meta is what is published: not JSON, not an object, given twice, a name given twice in it, or a
        // string no one can write (half a surrogate pair) stops the start instead of failing each tools/list.
        foreach (string meta in new[] { """{"a":""", "[1]", "\"x\"", """{"a":1}x""", """{"a":1,"a":2}""", """{"a":"\uD800"}""", """{"a":[1,{"b":"\uDC00x"}]}""" })
        {
            Assert.Throws<InvalidDataException>(() => Read(meta: meta));
        }
        Assert.Contains("'meta' appears twice", Assert.Throws<InvalidDataException>(() => Read(WithMeta(Policy, "{}"), meta: "{}")).Message, StringComparison.Ordinal);
        Assert.Equal("{}", Read(meta: "{}").Tool.Meta!.ToJsonString());
    }
}
