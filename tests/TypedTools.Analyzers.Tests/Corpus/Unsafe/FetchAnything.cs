// A fetch tool with no egress policy reaches cloud metadata and the private network.
public static class FetchAnything
{
    [McpServerTool, ReadOnly]
    public static async Task<string> Fetch(HttpClient http, string url) => await http.GetStringAsync(url);
}
