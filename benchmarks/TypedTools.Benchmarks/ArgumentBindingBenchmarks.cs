using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TypedTools.Arguments;

namespace TypedTools.Benchmarks;

/// <summary>
/// Binding one call's arguments for three representative signatures: a hand-written floor that reads the same values
/// from the same dictionary and rejects unknown keys (the baseline), the generated parser, the whole generated
/// pipeline (profile, parse, constraints, flow, audit to the log-event sink, method, result), and the SDK's reflection
/// tool over the same method (McpServerTool.Create, which binds, invokes and converts) with default and strict options.
/// Each runs on a valid call and on a malformed one: refusing bad calls must stay cheap, or flooding them burns the CPU.
/// </summary>
[MemoryDiagnoser]
public class ArgumentBindingBenchmarks
{
    private Dictionary<string, JsonElement> _arguments = null!;
    private ITypedTool _generated = null!;
    private McpServerTool _typedTool = null!;
    private McpServerTool _sdkDefault = null!;
    private McpServerTool _sdkStrict = null!;
    private RequestContext<CallToolRequestParams> _context = null!;
    private DirectCall _call = null!;

    [Params("three", "optional", "nested")]
    public string Signature { get; set; } = "three";

    /// <summary>A valid call, or a malformed one (an unknown field, a number as a string, a missing value): the rejection path.</summary>
    [Params(false, true)]
    public bool Malformed { get; set; }

    /// <summary>The audit sink for the pipeline-loop probe (the suite itself keeps the default, the log-event sink).</summary>
    public TypedTools.Audit.IAuditSink? AuditSink { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string json = (Signature, Malformed) switch
        {
            ("three", false) => """{"name":"Ana","count":3,"flag":true}""",
            ("three", true) => """{"name":"Ana","count":"3","admin":true}""",
            ("optional", false) => """{"a":"x","b":2,"d":2.5,"f":"Large","g":["p","q"]}""",
            ("optional", true) => """{"b":"2","d":2.5,"f":"Huge","g":[1]}""",
            (_, false) => """{"order":{"id":"o-1","lines":[{"sku":"a","quantity":2,"price":9.99},{"sku":"b","quantity":1,"price":19.5}],"note":"gift"}}""",
            _ => """{"order":{"id":"o-1","lines":[{"sku":"a","quantity":"2","price":9.99,"discount":1}]}}""",
        };
        using JsonDocument document = JsonDocument.Parse(json);
        _arguments = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());

        _call = new DirectCall(Signature, _arguments, AuditSink);
        _typedTool = _call.Tool;
        _context = _call.Context;
        _generated = (ITypedTool)_typedTool;
        var method = typeof(BindingTools).GetMethod(char.ToUpperInvariant(Signature[0]) + Signature[1..])!;
        _sdkDefault = McpServerTool.Create(method);
        _sdkStrict = McpServerTool.Create(method, new McpServerToolCreateOptions
        {
            SerializerOptions = new JsonSerializerOptions(ModelContextProtocol.McpJsonUtilities.DefaultOptions)
            {
                UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
                NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
                RespectNullableAnnotations = true,
            },
        });
    }

    [GlobalCleanup]
    public void Cleanup() => _call.Dispose();

    /// <summary>The floor; for a malformed call it throws, as hand-written code does, and the exception is caught here.</summary>
    [Benchmark(Baseline = true)]
    public object? HandWritten()
    {
        try
        {
            return Signature switch
            {
                "three" => HandWrittenThree(_arguments),
                "optional" => HandWrittenOptional(_arguments),
                _ => HandWrittenNested(_arguments),
            };
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return exception;
        }
    }

    [Benchmark]
    public int GeneratedParser() => _generated.ValidateArguments(_arguments).Count;

    [Benchmark]
    public ValueTask<CallToolResult> GeneratedPipeline() => _typedTool.InvokeAsync(_context);

    [Benchmark]
    public Task<CallToolResult?> SdkReflectionDefault() => Sdk(_sdkDefault);

    [Benchmark]
    public Task<CallToolResult?> SdkReflectionStrict() => Sdk(_sdkStrict);

    /// <summary>The SDK's tool throws on arguments it cannot bind; its server turns that into an error, so the exception is part of its rejection path.</summary>
    private async Task<CallToolResult?> Sdk(McpServerTool tool)
    {
        try
        {
            return await tool.InvokeAsync(_context);
        }
        catch (Exception)
        {
            return null;
        }
    }

    // ---- the floor: what a careful person writes by hand for each signature ----------------------------------

    private static (string, int, bool) HandWrittenThree(Dictionary<string, JsonElement> a)
    {
        foreach (string key in a.Keys)
        {
            if (key is not ("name" or "count" or "flag"))
            {
                throw new ArgumentException(key);
            }
        }
        return (a["name"].GetString()!, a["count"].GetInt32(), a["flag"].GetBoolean());
    }

    private static (string, int?, string?, double, bool, Size, string[]?) HandWrittenOptional(Dictionary<string, JsonElement> a)
    {
        foreach (string key in a.Keys)
        {
            if (key is not ("a" or "b" or "c" or "d" or "e" or "f" or "g"))
            {
                throw new ArgumentException(key);
            }
        }
        return (a["a"].GetString()!,
            a.TryGetValue("b", out JsonElement b) && b.ValueKind != JsonValueKind.Null ? b.GetInt32() : null,
            a.TryGetValue("c", out JsonElement c) ? c.GetString() : null,
            a.TryGetValue("d", out JsonElement d) ? d.GetDouble() : 1.5,
            a.TryGetValue("e", out JsonElement e) && e.GetBoolean(),
            a.TryGetValue("f", out JsonElement f) ? Enum.Parse<Size>(f.GetString()!) : Size.Small,
            a.TryGetValue("g", out JsonElement g) && g.ValueKind == JsonValueKind.Array ? g.EnumerateArray().Select(x => x.GetString()!).ToArray() : null);
    }

    private static Order HandWrittenNested(Dictionary<string, JsonElement> a)
    {
        if (a.Count != 1 || !a.TryGetValue("order", out JsonElement order))
        {
            throw new ArgumentException("order");
        }
        var lines = new List<Line>();
        string? id = null, note = null;
        foreach (JsonProperty property in order.EnumerateObject())
        {
            switch (property.Name)
            {
                case "id": id = property.Value.GetString(); break;
                case "note": note = property.Value.GetString(); break;
                case "lines":
                    foreach (JsonElement line in property.Value.EnumerateArray())
                    {
                        string? sku = null;
                        int quantity = 0;
                        decimal price = 0;
                        foreach (JsonProperty field in line.EnumerateObject())
                        {
                            switch (field.Name)
                            {
                                case "sku": sku = field.Value.GetString(); break;
                                case "quantity": quantity = field.Value.GetInt32(); break;
                                case "price": price = field.Value.GetDecimal(); break;
                                default: throw new ArgumentException(field.Name);
                            }
                        }
                        lines.Add(new Line(sku!, quantity, price));
                    }
                    break;
                default: throw new ArgumentException(property.Name);
            }
        }
        return new Order(id!, lines, note);
    }
}
