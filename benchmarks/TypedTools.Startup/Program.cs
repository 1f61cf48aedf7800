// Start-up of an MCP server, from process start to the client holding the tools/list answer.
//
//   serve <typed|reflection|handwritten> <6|200>     an stdio server of that kind (what is measured)
//   measure <jit.dll> <native-binary> [runs]          starts each kind both ways, prints medians and ratios
//   interleaved <native-binary> [rounds]              native TypedTools against the native hand-written floor, the two
//                                                     started alternately (order flipping each round): median ratio
//
// benchmarks/startup.sh builds both forms and runs the measurement.
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Client;
using ModelContextProtocol.Server;
using TypedTools.Startup;
using TypedTools.Startup.Tools;

if (args is ["serve", var server, var countText])
{
    int count = int.Parse(countText, System.Globalization.CultureInfo.InvariantCulture);
    HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
    IMcpServerBuilder mcp = builder.Services.AddMcpServer().WithStdioServerTransport();
    switch (server, count)
    {
        case ("typed", 6): mcp.WithTypedTools(); break;
        case ("typed", 200): mcp.WithManyTypedTools(); break;
        case ("reflection", 6): ReflectionTools.Six(mcp); break;
        case ("reflection", 200): ReflectionTools.Many(mcp); break;
        case ("handwritten", _): mcp.WithTools(Enumerable.Range(0, count).Select(i => (McpServerTool)new HandWrittenTool($"hand_{i:000}")).ToList()); break;
        default: throw new ArgumentException($"Unknown server '{server}' with {count} tools.");
    }
    await builder.Build().RunAsync();
    return 0;
}

if (args is ["measure", var jit, var native, .. var rest])
{
    int runs = rest is [var r] ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 10;
    var results = new Dictionary<(string Kind, int Count, string Runtime), double>();
    Console.WriteLine($"Start-up to the tools/list answer, median of {runs} (after one unmeasured start), {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
    Console.WriteLine($"{"server",-12} {"tools",5} {"runtime",-7} {"median ms",10} {"min",7} {"max",7}");
    foreach (int count in new[] { 6, 200 })
    {
        foreach (string kind in new[] { "handwritten", "typed", "reflection" })
        {
            foreach (string runtime in new[] { "jit", "native" })
            {
                (string command, string[] arguments) = runtime == "jit" ? ("dotnet", new[] { jit }) : (native, Array.Empty<string>());
                var times = new List<double>();
                string? failure = null;
                for (int run = 0; run <= runs && failure is null; run++)
                {
                    try
                    {
                        double ms = await StartupMs(command, [.. arguments, "serve", kind, count.ToString(System.Globalization.CultureInfo.InvariantCulture)], count);
                        if (run > 0)
                        {
                            times.Add(ms);
                        }
                    }
                    catch (Exception exception)
                    {
                        failure = exception.GetType().Name + ": " + exception.Message.Split('\n')[0];
                    }
                }
                if (failure is not null)
                {
                    Console.WriteLine($"{kind,-12} {count,5} {runtime,-7} failed: {failure}");
                    continue;
                }
                times.Sort();
                results[(kind, count, runtime)] = times[times.Count / 2];
                Console.WriteLine($"{kind,-12} {count,5} {runtime,-7} {times[times.Count / 2],10:0.0} {times[0],7:0.0} {times[^1],7:0.0}");
            }
        }
    }
    Console.WriteLine();
    foreach (int count in new[] { 6, 200 })
    {
        void Ratio(string what, (string, int, string) a, (string, int, string) b)
        {
            if (results.TryGetValue(a, out double x) && results.TryGetValue(b, out double y))
            {
                Console.WriteLine($"{count,3} tools: {what,-52} {x / y:0.00}x");
            }
        }
        Ratio("native TypedTools / native hand-written SDK tools", ("typed", count, "native"), ("handwritten", count, "native"));
        Ratio("native TypedTools / JIT reflection tools", ("typed", count, "native"), ("reflection", count, "jit"));
        Ratio("native TypedTools / native reflection tools", ("typed", count, "native"), ("reflection", count, "native"));
        Ratio("JIT TypedTools / JIT reflection tools", ("typed", count, "jit"), ("reflection", count, "jit"));
    }
    foreach (string runtime in new[] { "jit", "native" })
    {
        foreach (string kind in new[] { "typed", "reflection", "handwritten" })
        {
            if (results.TryGetValue((kind, 200, runtime), out double many) && results.TryGetValue((kind, 6, runtime), out double six))
            {
                Console.WriteLine($"growth from 6 to 200 tools, {kind} ({runtime}): +{many - six:0.0} ms");
            }
        }
    }
    return 0;
}

if (args is ["interleaved", var binary, .. var more])
{
    // Start-up differences of 1-3 ms in ~20 ms drown in this machine's drift when each kind runs its starts in a
    // block; alternating the two and taking the median of per-round ratios cancels the drift.
    int rounds = more is [var r] ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 40;
    Console.WriteLine($"Native start-up, TypedTools / hand-written, {rounds} interleaved rounds after two unmeasured, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
    foreach (int count in new[] { 6, 200 })
    {
        string tools = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ratios = new List<double>();
        var typedTimes = new List<double>();
        var handTimes = new List<double>();
        for (int round = -2; round < rounds; round++)
        {
            bool typedFirst = (round & 1) == 0;
            double first = await StartupMs(binary, ["serve", typedFirst ? "typed" : "handwritten", tools], count);
            double second = await StartupMs(binary, ["serve", typedFirst ? "handwritten" : "typed", tools], count);
            (double typed, double hand) = typedFirst ? (first, second) : (second, first);
            if (round >= 0)
            {
                ratios.Add(typed / hand);
                typedTimes.Add(typed);
                handTimes.Add(hand);
            }
        }
        ratios.Sort();
        typedTimes.Sort();
        handTimes.Sort();
        Console.WriteLine($"{count,3} tools: median ratio {ratios[ratios.Count / 2]:0.00}x (quartiles {ratios[ratios.Count / 4]:0.00}-{ratios[ratios.Count * 3 / 4]:0.00}); " +
            $"medians {typedTimes[typedTimes.Count / 2]:0.0} ms vs {handTimes[handTimes.Count / 2]:0.0} ms");
    }
    return 0;
}

Console.Error.WriteLine("usage: serve <typed|reflection|handwritten> <6|200> | measure <jit.dll> <native-binary> [runs] | interleaved <native-binary> [rounds]");
return 2;

static async Task<double> StartupMs(string command, string[] arguments, int expectedTools)
{
    var timer = Stopwatch.StartNew();
    var transport = new StdioClientTransport(new StdioClientTransportOptions { Name = "startup", Command = command, Arguments = arguments });
    await using McpClient client = await McpClient.CreateAsync(transport);
    IList<McpClientTool> tools = await client.ListToolsAsync();
    double elapsed = timer.Elapsed.TotalMilliseconds;
    return tools.Count == expectedTools ? elapsed : throw new InvalidOperationException($"expected {expectedTools} tools, got {tools.Count}");
}

/// <summary>The SDK's own discovery: reflection over the tool types' methods (what TypedTools replaces).</summary>
internal static class ReflectionTools
{
    public static void Six(IMcpServerBuilder mcp) => mcp.WithTools<SixTools>();

    public static void Many(IMcpServerBuilder mcp) => mcp.WithTools<ManyTools>();
}
