using ModelContextProtocol.Server;
using TypedTools.Policy.Paths;

namespace TypedTools.Tests.Tools;

// Tools for the policy tests. They echo what the policy handed them, so a test sees the canonical values.

public static class PolicyTools
{
    [McpServerTool(Name = "doc_read", OpenWorld = false), ReadOnly, ReadsPrivateData]
    public static string DocRead([AllowedPath("docs")] string path) => path;

    [McpServerTool(Name = "doc_write", OpenWorld = false), Destructive("Overwrites a document")]
    public static string DocWrite([AllowedPath("docs", Access = PathAccess.Write)] string path, string text) => path + "|" + text;

    [McpServerTool(Name = "doc_optional", OpenWorld = false), ReadOnly]
    public static string DocOptional([AllowedPath("docs")] string? path = null) => path ?? "none";

    [McpServerTool(Name = "post_comment", Destructive = false), Annotates, OpenWorld]
    public static string PostComment(string text) => text;

    [McpServerTool(Name = "publish"), SendsExternally, RequiresConfirmation("Publishes the text")]
    public static string Publish(string text) => text;
}
