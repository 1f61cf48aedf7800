using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TypedTools;

/// <summary>The progress reporter a tool receives, as the SDK binds it: tied to the request's progress token, or a no-op.</summary>
public static class ToolProgress
{
    /// <summary>A reporter that sends <c>notifications/progress</c> for the request, or does nothing when the client asked for none.</summary>
    public static IProgress<ProgressNotificationValue> For(RequestContext<CallToolRequestParams> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Params?.ProgressToken is { } token ? new TokenProgress(request.Server, token) : NoProgress.Instance;
    }

    private sealed class TokenProgress(McpServer server, ProgressToken token) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => _ = server.NotifyProgressAsync(token, value, cancellationToken: CancellationToken.None);
    }

    private sealed class NoProgress : IProgress<ProgressNotificationValue>
    {
        public static readonly NoProgress Instance = new();

        public void Report(ProgressNotificationValue value)
        {
        }
    }
}
