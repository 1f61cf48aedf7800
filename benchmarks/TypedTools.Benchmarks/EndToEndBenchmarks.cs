using System.IO.Pipelines;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TypedTools.Audit;

namespace TypedTools.Benchmarks;

/// <summary>
/// tools/call round trips from an McpClient to a server in the same process over in-memory pipes: the SDK's
/// reflection tool over a method (the baseline: no checks at all) versus the TypedTools tool generated from the
/// same method, with its whole policy pipeline and an in-memory audit sink (serialised, hash-chained records).
/// </summary>
[MemoryDiagnoser]
public class EndToEndBenchmarks
{
    /// <summary>For the e2e-loop probe: time the server's call handler (off in the benchmarks themselves).</summary>
    public static bool MeasureHandler;

    public static long HandlerTicks, HandlerCalls;

    private Connection _sdk = null!;
    private Connection _typed = null!;
    private Dictionary<string, object?> _arguments = null!;

    [Params("three", "optional", "nested")]
    public string Signature { get; set; } = "three";

    /// <summary>
    /// The in-memory audit sink (synchronous; serialised, hash-chained lines), the file sinks' group commit without a
    /// device (a writer task per batch), or none (to see what the audit itself costs).
    /// </summary>
    [Params("memory", "group-commit", "none")]
    public string Audit { get; set; } = "memory";

    /// <summary>A server and its connected client.</summary>
    private sealed record Connection(IHost Host, McpClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Host.StopAsync();
            Host.Dispose();
        }
    }

    private static async Task<Connection> Connect(Action<IServiceCollection, IMcpServerBuilder> tools)
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        IMcpServerBuilder mcp = builder.Services.AddMcpServer().WithStreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream());
        tools(builder.Services, mcp);
        if (MeasureHandler)
        {
            // The time inside the server's tools/call handler (outermost filter), apart from transport and JSON-RPC.
            mcp.WithRequestFilters(f => f.AddCallToolFilter(next => async (context, ct) =>
            {
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                CallToolResult result = await next(context, ct);
                Interlocked.Add(ref HandlerTicks, System.Diagnostics.Stopwatch.GetTimestamp() - start);
                Interlocked.Increment(ref HandlerCalls);
                return result;
            }));
        }
        IHost host = builder.Build();
        await host.StartAsync();
        McpClient client = await McpClient.CreateAsync(new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream()));
        return new Connection(host, client);
    }

    [GlobalSetup]
    public async Task Setup()
    {
        string json = Signature switch
        {
            "three" => """{"name":"Ana","count":3,"flag":true}""",
            "optional" => """{"a":"x","b":2,"d":2.5,"f":"Large","g":["p","q"]}""",
            _ => """{"order":{"id":"o-1","lines":[{"sku":"a","quantity":2,"price":9.99},{"sku":"b","quantity":1,"price":19.5}],"note":"gift"}}""",
        };
        using JsonDocument document = JsonDocument.Parse(json);
        _arguments = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());

        var method = typeof(BindingTools).GetMethod(char.ToUpperInvariant(Signature[0]) + Signature[1..])!;
        _sdk = await Connect((_, mcp) =>
        {
            mcp.WithTools([McpServerTool.Create(method, new McpServerToolCreateOptions { Name = Signature })]);
        });
        _typed = await Connect((services, mcp) =>
        {
            services.AddSingleton<IAuditSink>(Audit switch
            {
                "group-commit" => new InMemoryAuditSink(),
                "none" => new NoAuditSink(),
                _ => new MemoryAuditSink(capacity: 64),
            });
            mcp.WithTypedTools(include: t => t.ProtocolTool.Name == Signature);
        });

        // Both answer the same call the same way before anything is measured.
        string expected = Text(await SdkReflectionTool());
        if (Text(await TypedToolsTool()) != expected)
        {
            throw new InvalidOperationException($"The two tools disagree on '{Signature}'.");
        }
    }

    private static string Text(CallToolResult result) =>
        result.IsError == true ? throw new InvalidOperationException("The call failed: " + JsonSerializer.Serialize(result.Content[0]))
            : ((TextContentBlock)result.Content[0]).Text;

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _sdk.DisposeAsync();
        await _typed.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<CallToolResult> SdkReflectionTool() => _sdk.Client.CallToolAsync(Signature, _arguments);

    [Benchmark]
    public ValueTask<CallToolResult> TypedToolsTool() => _typed.Client.CallToolAsync(Signature, _arguments);

    /// <summary>
    /// The same comparison, interleaved (<c>-- e2e-interleaved</c>): on a shared two-core machine the speed drifts between
    /// BenchmarkDotNet's runs of the two sides, so here both sides run in alternating rounds of the same calls (the
    /// order flipping every round) and each round gives one ratio; the medians are reported, with the quartiles.
    /// </summary>
    public static async Task ReportInterleaved(TextWriter output, int rounds = 31, int callsPerRound = 1000)
    {
        output.WriteLine($"{"signature",-9} {"audit",-12} {"SDK us",8} {"typed us",9} {"ratio",7} {"(quartiles)",16} {"CPU ratio",10}   ({rounds} rounds of {callsPerRound} calls per side)");
        foreach (string audit in new[] { "memory", "none", "group-commit" })
        {
            foreach (string signature in new[] { "three", "optional", "nested" })
            {
                var benchmark = new EndToEndBenchmarks { Signature = signature, Audit = audit };
                await benchmark.Setup();
                // A round's time per call, and the process's CPU time per call over it (every thread: work a sink moves off
                // the call's thread still counts there).
                async Task<(double Wall, double Cpu)> Round(bool typed)
                {
                    TimeSpan cpu = Environment.CpuUsage.TotalTime;
                    long start = System.Diagnostics.Stopwatch.GetTimestamp();
                    for (int i = 0; i < callsPerRound; i++)
                    {
                        _ = typed ? await benchmark.TypedToolsTool() : await benchmark.SdkReflectionTool();
                    }
                    double wall = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMicroseconds / callsPerRound;
                    return (wall, (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / callsPerRound);
                }
                // Past tiered compilation of both sides; the first configuration warms the whole process (the SDK and the
                // transport too), which five rounds did not: its ratios came out far from the same row measured later.
                for (int warm = 0; warm < (audit == "memory" && signature == "three" ? 40 : 5); warm++)
                {
                    await Round(false);
                    await Round(true);
                }
                var sdk = new List<double>();
                var typed = new List<double>();
                var ratios = new List<double>();
                var cpuRatios = new List<double>();
                for (int round = 0; round < rounds; round++)
                {
                    bool typedFirst = round % 2 == 1;
                    var first = await Round(typedFirst);
                    var second = await Round(!typedFirst);
                    var (s, t) = typedFirst ? (second, first) : (first, second);
                    sdk.Add(s.Wall);
                    typed.Add(t.Wall);
                    ratios.Add(t.Wall / s.Wall);
                    cpuRatios.Add(t.Cpu / s.Cpu);
                }
                await benchmark.Cleanup();
                output.WriteLine($"{signature,-9} {audit,-12} {Samples.Quantile(sdk, 0.5),8:0.0} {Samples.Quantile(typed, 0.5),9:0.0} {Samples.Quantile(ratios, 0.5),6:0.00}x {$"{Samples.Quantile(ratios, 0.25):0.00}-{Samples.Quantile(ratios, 0.75):0.00}x",16} {Samples.Quantile(cpuRatios, 0.5),9:0.00}x");
            }
        }
    }

    /// <summary>Keeps nothing: the pipeline's cost without the audit's serialisation and hash chain (a diagnostic, not a configuration anyone should run).</summary>
    internal sealed class NoAuditSink : IAuditSink
    {
        public ValueTask AppendAsync(AuditRecord record, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
