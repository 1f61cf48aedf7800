using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TypedTools.Tests.Tools;

// One tool per async result shape. Their tasks complete later (Task.Yield), so the generated tools really hand a pending
// task to the runtime's continuation helpers; the throwing ones fail before returning a task and after it started.

public static class AsyncTools
{
    [McpServerTool(Name = "async_text"), ReadOnly]
    public static async Task<string> Text(string value)
    {
        await Task.Yield();
        return value.ToUpperInvariant();
    }

    [McpServerTool(Name = "async_maybe_text"), ReadOnly]
    public static async ValueTask<string?> MaybeText(bool none)
    {
        await Task.Yield();
        return none ? null : "some";
    }

    [McpServerTool(Name = "async_count"), ReadOnly]
    public static async ValueTask<int> Count(int value)
    {
        await Task.Yield();
        return value + 1;
    }

    [McpServerTool(Name = "async_maybe_count"), ReadOnly]
    public static async Task<int?> MaybeCount(bool none)
    {
        await Task.Yield();
        return none ? null : 7;
    }

    [McpServerTool(Name = "async_point"), ReadOnly]
    public static async Task<Point> MovePoint(Point point)
    {
        await Task.Yield();
        return point with { X = point.X + 1 };
    }

    [McpServerTool(Name = "async_colors"), ReadOnly]
    public static async Task<Color[]> Colors(Color color)
    {
        await Task.Yield();
        return [color, Color.Blue];
    }

    [McpServerTool(Name = "async_nothing"), ReadOnly]
    public static async Task Nothing() => await Task.Yield();

    [McpServerTool(Name = "async_nothing_value"), ReadOnly]
    public static async ValueTask NothingValue() => await Task.Yield();

    [McpServerTool(Name = "async_result"), ReadOnly]
    public static async Task<CallToolResult?> Result(bool none)
    {
        await Task.Yield();
        return none ? null : new CallToolResult { Content = [new TextContentBlock { Text = "built" }] };
    }

    [McpServerTool(Name = "async_block"), ReadOnly]
    public static async Task<ContentBlock> Block()
    {
        await Task.Yield();
        return new TextContentBlock { Text = "one block" };
    }

    [McpServerTool(Name = "async_blocks"), ReadOnly]
    public static async Task<IEnumerable<ContentBlock>> Blocks()
    {
        await Task.Yield();
        return [new TextContentBlock { Text = "first" }, new TextContentBlock { Text = "second" }];
    }

    [McpServerTool(Name = "async_throws_now"), ReadOnly]
    public static Task<string> ThrowsNow() => throw new InvalidOperationException("thrown before a task existed");

    [McpServerTool(Name = "async_throws_later"), ReadOnly]
    public static async Task<string> ThrowsLater()
    {
        await Task.Yield();
        throw new InvalidOperationException("thrown by the task");
    }
}
