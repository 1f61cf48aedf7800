using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.EndToEnd;

/// <summary>
/// Async tool methods of every result shape, through a real client: the generated tools hand the pending task to the
/// runtime's continuation helpers (no state machine of their own), and what the client receives is what the method
/// completed with, or a tool failure whether the method threw before or after returning its task.
/// </summary>
public sealed class AsyncResultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<InMemoryServer> Start() => InMemoryServer.StartAsync(s => s.AddSingleton<Tools.ICounter, Tools.Counter>());

    private static async Task<CallToolResult> Call(InMemoryServer server, string tool, string json) =>
        await server.Client.CallToolAsync(tool, Json.Args(json), cancellationToken: Ct);

    private static string Structured(CallToolResult result) => JsonSerializer.Serialize(result.StructuredContent);

    [Fact]
    public async Task Text_and_structured_values_arrive_as_the_task_completed_with_them()
    {
        await using InMemoryServer server = await Start();

        CallToolResult text = await Call(server, "async_text", """{"value":"abc"}""");
        Refusals.AssertOk(text);
        Assert.Equal("ABC", Refusals.Text(text));

        Assert.Equal("some", Refusals.Text(await Call(server, "async_maybe_text", """{"none":false}""")));
        Assert.Equal("", Refusals.Text(await Call(server, "async_maybe_text", """{"none":true}""")));

        Assert.Equal("""{"result":42}""", Structured(await Call(server, "async_count", """{"value":41}""")));
        Assert.Equal("""{"result":7}""", Structured(await Call(server, "async_maybe_count", """{"none":false}""")));
        Assert.Equal("""{"result":null}""", Structured(await Call(server, "async_maybe_count", """{"none":true}""")));
        Assert.Equal("""{"x":2,"y":5}""", Structured(await Call(server, "async_point", """{"point":{"x":1,"y":5}}""")));
        Assert.Equal("""{"result":["Green","Blue"]}""", Structured(await Call(server, "async_colors", """{"color":"Green"}""")));
    }

    [Fact]
    public async Task Results_and_content_blocks_pass_through_and_nothing_is_no_content()
    {
        await using InMemoryServer server = await Start();

        CallToolResult nothing = await Call(server, "async_nothing", "{}");
        Refusals.AssertOk(nothing);
        Assert.Empty(nothing.Content);
        Assert.Empty((await Call(server, "async_nothing_value", "{}")).Content);

        Assert.Equal("built", Refusals.Text(await Call(server, "async_result", """{"none":false}""")));
        CallToolResult none = await Call(server, "async_result", """{"none":true}""");
        Refusals.AssertOk(none);
        Assert.Empty(none.Content);

        Assert.Equal("one block", Refusals.Text(await Call(server, "async_block", "{}")));
        CallToolResult blocks = await Call(server, "async_blocks", "{}");
        Assert.Equal(["first", "second"], blocks.Content.OfType<TextContentBlock>().Select(b => b.Text));
    }

    [Theory]
    [InlineData("async_throws_now")]
    [InlineData("async_throws_later")]
    public async Task A_method_that_throws_before_or_after_returning_its_task_is_a_tool_failure(string tool)
    {
        await using InMemoryServer server = await Start();

        CallToolResult result = await Call(server, tool, "{}");

        Assert.True(result.IsError);
        Assert.Equal(TypedTools.Results.ToolErrorCodes.Failed, Refusals.Errors(result).Single().Code);
        Assert.DoesNotContain("thrown", Refusals.Text(result), StringComparison.Ordinal);
    }
}
