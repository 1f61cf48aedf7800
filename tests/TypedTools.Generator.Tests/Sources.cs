namespace TypedTools.Generator.Tests;

/// <summary>Representative tool shapes used by the baseline and incremental tests.</summary>
public static class Sources
{
    public const string Workspace = """
        using System.ComponentModel.DataAnnotations;
        using System.Threading;
        using System.Threading.Tasks;
        using System.Collections.Generic;
        using ModelContextProtocol.Server;
        using TypedTools;

        namespace Sample;

        public interface IFiles { Task<string> ReadAsync(string path, int max, CancellationToken ct); }

        [McpServerToolType]
        public sealed class FileTools(IFiles files)
        {
            /// <summary>Reads a UTF-8 text file from the workspace.</summary>
            /// <param name="path">Path relative to the workspace root.</param>
            [McpServerTool(Name = "read_file", OpenWorld = false), ReadOnly, ReadsPrivateData]
            public Task<string> ReadFile([AllowedPath("workspace")] string path, [Range(1, 1_048_576)] int maxBytes = 65_536, CancellationToken ct = default)
                => files.ReadAsync(path, maxBytes, ct);
        }

        public static class FetchTools
        {
            [McpServerTool(Name = "fetch"), ReadOnly, ReturnsUntrustedContent]
            public static string Fetch(
                [AllowedDomain("docs.example.org", "*.example.com", Set = "web", AllowHttp = true, Ports = new[] { 443, 8443 })] System.Uri url,
                [AllowedDomain(Set = "web")] string? mirror = null) => url.AbsoluteUri + mirror;
        }

        public enum Priority { Low, Normal, High }

        /// <summary>A message.</summary>
        /// <param name="To">Recipient address.</param>
        public sealed record Message([RegularExpression("[^@]+@[^@]+"), Destination] string To, [StringLength(200)] string Subject, Priority Priority = Priority.Normal, [Destination] IReadOnlyList<string>? Cc = null);

        public sealed record Receipt(System.Guid Id, int Recipients);

        public static class MessageTools
        {
            [McpServerTool, Destructive("Sends the message"), SendsExternally]
            public static Receipt SendMessage(Message message) => new(System.Guid.Empty, 1 + (message.Cc?.Count ?? 0));
        }
        """;

    public const string Unrelated = """
        namespace Other;
        public static class Helper { public static int Twice(int x) => x * 2; }
        """;
}
