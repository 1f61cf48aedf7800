// A Uri parameter with no allowlist: private data posted wherever the model says.
public static class WebhookUri
{
    [McpServerTool, Destructive("Posts the report")]
    public static Task Post(Uri webhook, string report) => Task.CompletedTask;
}
