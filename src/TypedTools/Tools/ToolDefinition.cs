using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using TypedTools.Policy;
using TypedTools.Policy.Network;
using TypedTools.Policy.Paths;

namespace TypedTools;

/// <summary>
/// A generated tool's definition, as the generator computed it at compile time: its policy facts as JSON, the tool's
/// entry of the assembly's policy manifest (the same text, so the facts the pipeline enforces are the facts
/// <c>typedtools manifest</c> and <c>typedtools diff</c> show a reviewer), its title and description, and its schemas.
/// The name and behaviour hints <c>tools/list</c> publishes are the policy's name and effects. Data rather than object
/// initializers because a 1,000-tool build compiled the initializers in about a seventh of the time TypedTools added
/// to it. Strict: a missing, unknown, repeated or ill-typed fact is an <see cref="InvalidDataException"/> when the tool
/// is created (at start-up), never a default. The policy is read in one pass of a <see cref="Utf8JsonReader"/>, and
/// each schema becomes a document of its own, parsed once.
/// </summary>
public static class ToolDefinition
{
    /// <summary>
    /// Reads a definition given as text, as generated code gives it. The generator writes string literals, not UTF-8
    /// (<c>u8</c>) ones: the compiler lowers a UTF-8 literal to one bound node per byte, which cost a 1,000-tool build about
    /// 0.2 s, where a string constant costs it nothing; the text is transcoded here once, at start-up, strictly (half a
    /// surrogate pair is malformed, never replaced).
    /// </summary>
    /// <inheritdoc cref="Read(ReadOnlySpan{byte}, string?, string?, ReadOnlySpan{byte}, ReadOnlySpan{byte}, string?)" />
    public static (Tool Tool, ToolDescriptor Descriptor) Read(string policy, string? title, string? description, string inputSchema,
        string? outputSchema, string? icon = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(inputSchema);
        outputSchema ??= "";
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(policy.Length + inputSchema.Length + outputSchema.Length));
        try
        {
            Span<byte> free = buffer;
            ReadOnlySpan<byte> policyUtf8 = Transcode(policy, ref free), inputUtf8 = Transcode(inputSchema, ref free), outputUtf8 = Transcode(outputSchema, ref free);
            return Read(policyUtf8, title, description, inputUtf8, outputUtf8, icon);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 at the start of <paramref name="free"/>, which then starts after it.</summary>
    private static ReadOnlySpan<byte> Transcode(string text, ref Span<byte> free)
    {
        if (System.Text.Unicode.Utf8.FromUtf16(text, free, out _, out int written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            throw new InvalidDataException("A tool's definition holds half of a surrogate pair, which UTF-8 cannot encode.");
        }
        ReadOnlySpan<byte> utf8 = free[..written];
        free = free[written..];
        return utf8;
    }

    /// <summary>Reads a definition: the protocol's tool and the policy facts.</summary>
    /// <param name="policy">The tool's entry of the policy manifest.</param>
    /// <param name="title">The tool's title, if it has one.</param>
    /// <param name="description">The tool's description, if it has one.</param>
    /// <param name="inputSchema">The tool's input schema.</param>
    /// <param name="outputSchema">The tool's output schema; empty when it has none.</param>
    /// <param name="icon">The source of the tool's icon (<c>[McpServerTool(IconSource = ...)]</c>), if it has one.</param>
    /// <remarks>The tool's <c>_meta</c> object (its <c>[McpMeta]</c> entries) is the policy's <c>meta</c>: what a reviewer reads in the manifest is what is published.</remarks>
    /// <exception cref="InvalidDataException">The definition is malformed.</exception>
    public static (Tool Tool, ToolDescriptor Descriptor) Read(ReadOnlySpan<byte> policy, string? title, string? description, ReadOnlySpan<byte> inputSchema,
        ReadOnlySpan<byte> outputSchema, string? icon = null)
    {
        ToolDescriptor descriptor = ReadPolicy(policy, out Range? meta);
        try
        {
            // The name and the behaviour hints are the policy's: what a client is told is what the pipeline enforces.
            var tool = new Tool
            {
                Name = descriptor.Name,
                Title = title,
                Description = description,
                InputSchema = Schema(inputSchema),
                OutputSchema = outputSchema.IsEmpty ? null : Schema(outputSchema),
                Annotations = new ToolAnnotations
                {
                    Title = title,
                    ReadOnlyHint = descriptor.Has(ToolEffects.ReadOnly),
                    DestructiveHint = descriptor.Has(ToolEffects.Destructive),
                    IdempotentHint = descriptor.Has(ToolEffects.Idempotent),
                    OpenWorldHint = descriptor.Has(ToolEffects.OpenWorld),
                },
                Icons = icon is null ? null : [new Icon { Source = icon }],
            };
            if (meta is { } at)
            {
                // Counted and written once here: a name given twice or a string the protocol cannot write (half a surrogate
                // pair) stops the start, not every tools/list. The generator refuses both; this is for any other author.
                tool.Meta = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(policy[at])!;
                _ = tool.Meta.Count;
                _ = tool.Meta.ToJsonString();
            }
            return (tool, descriptor);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            // ArgumentException: the SDK refuses an input schema that is not an MCP tool's (an object schema).
            throw new InvalidDataException($"A schema or the _meta of the tool '{descriptor.Name}' is not valid JSON or not a tool's schema.", exception);
        }
    }

    /// <summary>Reads one tool's entry of a policy manifest (UTF-8 JSON) into the descriptor the pipeline enforces.</summary>
    /// <exception cref="InvalidDataException">The entry is malformed.</exception>
    public static ToolDescriptor ReadPolicy(ReadOnlySpan<byte> utf8) => ReadPolicy(utf8, out _);

    /// <summary>Reads the descriptor, and where the entry's <c>meta</c> object is (null when it has none).</summary>
    private static ToolDescriptor ReadPolicy(ReadOnlySpan<byte> utf8, out Range? meta)
    {
        var json = new DefinitionReader(utf8);
        try
        {
            ToolDescriptor descriptor = ReadPolicy(ref json, out meta);
            json.End();
            return descriptor;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8.
            throw new InvalidDataException("A tool's policy is not valid JSON.", exception);
        }
    }

    /// <summary>Reads one tool's entry of a policy manifest into the descriptor the pipeline enforces.</summary>
    /// <exception cref="InvalidDataException">The entry is malformed.</exception>
    public static ToolDescriptor ReadPolicy(JsonElement entry) => ReadPolicy(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(entry));

    private static ToolDescriptor ReadPolicy(ref DefinitionReader json, out Range? meta)
    {
        meta = null;
        const string Where = "a tool's policy";
        string? name = null, waiver = null, effect = null;
        bool hasSchemaHash = false;
        ToolEffects? effects = null;
        ToolCapabilities? capabilities = null;
        bool? confirmation = null;
        bool destinations = false;
        string[]? claims = null, secrets = null;
        PathRule[]? paths = null;
        DomainRule[]? domains = null;
        int seen = 0;
        json.StartObject(Where);
        while (json.NextProperty())
        {
            if (json.Is("name"u8, ref seen, 1 << 0)) name = json.String(Where);
            else if (json.Is("effects"u8, ref seen, 1 << 1)) effects = ReadEffects(ref json);
            else if (json.Is("capabilities"u8, ref seen, 1 << 2)) capabilities = ReadCapabilities(ref json);
            else if (json.Is("confirmation"u8, ref seen, 1 << 3)) confirmation = json.Bool(Where);
            else if (json.Is("confirmationWaiver"u8, ref seen, 1 << 4)) waiver = json.String(Where);
            else if (json.Is("effect"u8, ref seen, 1 << 5)) effect = json.String(Where);
            else if (json.Is("paths"u8, ref seen, 1 << 6)) paths = ReadPaths(ref json);
            else if (json.Is("domains"u8, ref seen, 1 << 7)) domains = ReadDomainRules(ref json);
            else if (json.Is("claims"u8, ref seen, 1 << 8)) claims = json.Strings(Where);
            else if (json.Is("secrets"u8, ref seen, 1 << 9)) secrets = json.Strings(Where);
            else if (json.Is("destinations"u8, ref seen, 1 << 10)) destinations = json.Bool(Where);
            else if (json.Is("meta"u8, ref seen, 1 << 12)) meta = json.SkipObject(Where);
            else if (json.Is("inputSchemaSha256"u8, ref seen, 1 << 11)) hasSchemaHash = json.IsString(Where);
            else throw json.Unknown(Where);
        }
        string toolName = name ?? throw Missing("name", Where);
        if (!hasSchemaHash)
        {
            throw Missing("inputSchemaSha256", PolicyOf(toolName));
        }
        return new ToolDescriptor
        {
            Name = toolName,
            Effects = effects ?? throw Missing("effects", PolicyOf(toolName)),
            Capabilities = capabilities ?? throw Missing("capabilities", PolicyOf(toolName)),
            RequiresConfirmation = confirmation ?? throw Missing("confirmation", PolicyOf(toolName)),
            ConfirmationWaiver = waiver,
            EffectDescription = effect,
            PathRules = paths ?? throw Missing("paths", PolicyOf(toolName)),
            DomainRules = domains ?? throw Missing("domains", PolicyOf(toolName)),
            RequiredClaims = claims ?? throw Missing("claims", PolicyOf(toolName)),
            // Optional, absent when the tool has none: an older manifest (read by typedtools diff) did not record them.
            HasSecrets = secrets is { Length: > 0 },
            DeclaresDestinations = destinations,
        };
    }

    private static ToolEffects ReadEffects(ref DefinitionReader json)
    {
        const string Where = "a tool's effects";
        bool? readOnly = null, destructive = null, idempotent = null, openWorld = null;
        int seen = 0;
        json.StartObject(Where);
        while (json.NextProperty())
        {
            if (json.Is("readOnly"u8, ref seen, 1 << 0)) readOnly = json.Bool(Where);
            else if (json.Is("destructive"u8, ref seen, 1 << 1)) destructive = json.Bool(Where);
            else if (json.Is("idempotent"u8, ref seen, 1 << 2)) idempotent = json.Bool(Where);
            else if (json.Is("openWorld"u8, ref seen, 1 << 3)) openWorld = json.Bool(Where);
            else throw json.Unknown(Where);
        }
        return ((readOnly ?? throw Missing("readOnly", Where)) ? ToolEffects.ReadOnly : 0) |
               ((destructive ?? throw Missing("destructive", Where)) ? ToolEffects.Destructive : 0) |
               ((idempotent ?? throw Missing("idempotent", Where)) ? ToolEffects.Idempotent : 0) |
               ((openWorld ?? throw Missing("openWorld", Where)) ? ToolEffects.OpenWorld : 0);
    }

    private static ToolCapabilities ReadCapabilities(ref DefinitionReader json)
    {
        ToolCapabilities all = ToolCapabilities.None;
        foreach (ToolCapabilities capability in DefinitionReader.List(ref json, "a tool's capabilities", static (ref DefinitionReader json, string where) => json.Capability(where)))
        {
            all |= capability;
        }
        return all;
    }

    /// <summary>One rule per <c>[AllowedPath]</c> parameter, in parameter order: the binder reads them back by index.</summary>
    private static PathRule[] ReadPaths(ref DefinitionReader json) => DefinitionReader.List(ref json, "a tool's paths", static (ref DefinitionReader json, string where) =>
    {
        string? root = null;
        PathAccess? access = null;
        bool parameter = false;
        int seen = 0;
        json.AtObject(where);
        while (json.NextProperty())
        {
            if (json.Is("parameter"u8, ref seen, 1 << 0)) parameter = json.IsString(where);
            else if (json.Is("root"u8, ref seen, 1 << 1)) root = json.String(where);
            else if (json.Is("access"u8, ref seen, 1 << 2)) access = json.Access(where);
            else throw json.Unknown(where);
        }
        if (!parameter)
        {
            throw Missing("parameter", where);
        }
        return new PathRule(root ?? throw Missing("root", where), access ?? throw Missing("access", where));
    });

    /// <summary>One rule per <c>[AllowedDomain]</c> parameter, in parameter order: the binder reads them back by index.</summary>
    private static DomainRule[] ReadDomainRules(ref DefinitionReader json) => DefinitionReader.List(ref json, "a tool's domains", static (ref DefinitionReader json, string where) =>
    {
        string? set = null;
        bool parameter = false;
        bool? allowHttp = null;
        string[]? patterns = null;
        int[]? ports = null;
        int seen = 0;
        json.AtObject(where);
        while (json.NextProperty())
        {
            if (json.Is("parameter"u8, ref seen, 1 << 0)) parameter = json.IsString(where);
            else if (json.Is("patterns"u8, ref seen, 1 << 1)) patterns = json.Strings(where);
            else if (json.Is("set"u8, ref seen, 1 << 2)) set = json.String(where);
            else if (json.Is("allowHttp"u8, ref seen, 1 << 3)) allowHttp = json.Bool(where);
            else if (json.Is("ports"u8, ref seen, 1 << 4)) ports = json.Ports(where);
            else throw json.Unknown(where);
        }
        if (!parameter)
        {
            throw Missing("parameter", where);
        }
        ports = ports ?? throw Missing("ports", where);
        return new DomainRule(patterns ?? throw Missing("patterns", where), set, allowHttp ?? throw Missing("allowHttp", where), ports.Length == 0 ? null : ports);
    });

    /// <summary>A schema, a document of its own (what <c>tools/list</c> writes out); identical schemas share one.</summary>
    private static JsonElement Schema(ReadOnlySpan<byte> utf8)
    {
        JsonElement schema = SharedSchemas.Parse(utf8);
        return schema.ValueKind == JsonValueKind.Object ? schema : throw new InvalidDataException("A tool's schema is not a JSON object.");
    }

    /// <summary>
    /// Parsed schemas by their exact text. Tools of one shape (no parameters, one path, the same record) have the same
    /// schema; a parsed <see cref="JsonElement"/> is immutable, so they can share it, and a server starts without parsing
    /// it again for each (a native start with 200 tools spent ~0.55 ms parsing schemas). Generated schemas are literals,
    /// so the distinct texts are few; past <see cref="MaxShared"/> a schema is parsed on its own.
    /// </summary>
    private static class SharedSchemas
    {
        private const int MaxShared = 4096;
        private static readonly Lock s_gate = new();
        private static readonly Dictionary<byte[], JsonElement> s_parsed = new(Utf8TextComparer.Instance);

        public static JsonElement Parse(ReadOnlySpan<byte> utf8)
        {
            lock (s_gate)
            {
                Dictionary<byte[], JsonElement>.AlternateLookup<ReadOnlySpan<byte>> byText = s_parsed.GetAlternateLookup<ReadOnlySpan<byte>>();
                if (byText.TryGetValue(utf8, out JsonElement shared))
                {
                    return shared;
                }
                JsonElement schema = JsonElement.Parse(utf8); // throws on malformed text, which is then not kept
                if (s_parsed.Count < MaxShared)
                {
                    byText[utf8] = schema;
                }
                return schema;
            }
        }
    }

    /// <summary>Byte arrays by content, looked up by span without copying.</summary>
    private sealed class Utf8TextComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly Utf8TextComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x is null || y is null ? ReferenceEquals(x, y) : x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }

    /// <summary>Reads one item of an array, the reader at its first token.</summary>
    private delegate T ItemReader<T>(ref DefinitionReader json, string where);

    private static InvalidDataException Missing(string name, string where) => new($"'{name}' is missing from {where}.");

    private static string PolicyOf(string tool) => $"the policy of '{tool}'";

    /// <summary>The reader and the checks every part of a definition shares: each value's kind, each property once.</summary>
    private ref struct DefinitionReader(ReadOnlySpan<byte> utf8)
    {
        private Utf8JsonReader _reader = new(utf8);

        /// <summary>Reads the next token, which must start an object.</summary>
        public void StartObject(string where)
        {
            _reader.Read();
            AtObject(where);
        }

        /// <summary>The current token must start an object.</summary>
        public readonly void AtObject(string where)
        {
            if (_reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidDataException($"Expected a JSON object for {where}.");
            }
        }

        /// <summary>Reads the next token, which must start an array.</summary>
        public void StartArray(string where)
        {
            _reader.Read();
            if (_reader.TokenType != JsonTokenType.StartArray)
            {
                throw new InvalidDataException($"A list in {where} is not a JSON array.");
            }
        }

        /// <summary>Reads past the next value, which must be an object; returns where it is in the text.</summary>
        public Range SkipObject(string where)
        {
            StartObject(where);
            int start = (int)_reader.TokenStartIndex;
            _reader.Skip();
            return start..(int)_reader.BytesConsumed;
        }

        /// <summary>Moves to the next property's name; false at the end of the object.</summary>
        public bool NextProperty() => _reader.Read() && _reader.TokenType == JsonTokenType.PropertyName;

        /// <summary>Moves to the next item of an array; false at its end.</summary>
        public bool NextItem() => _reader.Read() && _reader.TokenType != JsonTokenType.EndArray;

        /// <summary>Whether the current property is <paramref name="name"/>; a second one of the same object is an error.</summary>
        public readonly bool Is(ReadOnlySpan<byte> name, ref int seen, int bit)
        {
            if (!_reader.ValueTextEquals(name))
            {
                return false;
            }
            if ((seen & bit) != 0)
            {
                // A reader that kept the last value would let an appended "confirmation": false undo the first.
                throw new InvalidDataException($"'{Encoding.UTF8.GetString(name)}' appears twice in a tool definition.");
            }
            seen |= bit;
            return true;
        }

        public readonly InvalidDataException Unknown(string where) =>
            new($"'{_reader.GetString()}' in {where} is not a fact this version of TypedTools knows: a tool is never served on facts it would ignore.");

        public string String(string where)
        {
            _reader.Read();
            return _reader.TokenType == JsonTokenType.String ? _reader.GetString()! : throw new InvalidDataException($"A value in {where} is not a string.");
        }

        /// <summary>Checks that the next value is a string, without reading it out (true, or it throws).</summary>
        public bool IsString(string where)
        {
            _reader.Read();
            if (_reader.TokenType != JsonTokenType.String)
            {
                throw new InvalidDataException($"A value in {where} is not a string.");
            }
            return true;
        }

        public bool Bool(string where)
        {
            _reader.Read();
            return _reader.TokenType switch
            {
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                _ => throw new InvalidDataException($"A value in {where} is not true or false."),
            };
        }

        public string[] Strings(string where) => List(ref this, where, static (ref DefinitionReader json, string where) => json.CurrentString(where));

        public int[] Ports(string where) => List(ref this, where, static (ref DefinitionReader json, string where) => json.CurrentPort(where));

        /// <summary>An array, each item read by <paramref name="item"/> at its first token (no list for an empty one).</summary>
        public static T[] List<T>(ref DefinitionReader json, string where, ItemReader<T> item)
        {
            json.StartArray(where);
            List<T>? items = null;
            while (json.NextItem())
            {
                (items ??= []).Add(item(ref json, where));
            }
            return items is null ? [] : [.. items];
        }

        private readonly string CurrentString(string where) =>
            _reader.TokenType == JsonTokenType.String ? _reader.GetString()! : throw new InvalidDataException($"An item in {where} is not a string.");

        private readonly int CurrentPort(string where) =>
            _reader.TokenType == JsonTokenType.Number && _reader.TryGetInt32(out int port) && port is > 0 and <= 65535
                ? port
                : throw new InvalidDataException($"A port in {where} is not a port number.");

        /// <summary>The capability the current string names (the enum's member names).</summary>
        public readonly ToolCapabilities Capability(string where) =>
            _reader.TokenType != JsonTokenType.String ? throw new InvalidDataException($"An item in {where} is not a string.") :
            _reader.ValueTextEquals("ReadsPrivateData"u8) ? ToolCapabilities.ReadsPrivateData :
            _reader.ValueTextEquals("ReturnsUntrustedContent"u8) ? ToolCapabilities.ReturnsUntrustedContent :
            _reader.ValueTextEquals("SendsExternally"u8) ? ToolCapabilities.SendsExternally :
            _reader.ValueTextEquals("Annotates"u8) ? ToolCapabilities.Annotates :
            throw new InvalidDataException($"Unknown capability '{_reader.GetString()}' in {where}.");

        /// <summary>The next value, a path access level (the enum's member names).</summary>
        public PathAccess Access(string where)
        {
            _reader.Read();
            return _reader.TokenType != JsonTokenType.String ? throw new InvalidDataException($"A value in {where} is not a string.") :
                _reader.ValueTextEquals("Read"u8) ? PathAccess.Read :
                _reader.ValueTextEquals("Write"u8) ? PathAccess.Write :
                _reader.ValueTextEquals("Delete"u8) ? PathAccess.Delete :
                throw new InvalidDataException($"Unknown access level '{_reader.GetString()}' in {where}.");
        }

        /// <summary>Nothing may follow the value read.</summary>
        public void End()
        {
            if (_reader.Read())
            {
                throw new InvalidDataException("Something follows a tool's policy.");
            }
        }
    }
}
