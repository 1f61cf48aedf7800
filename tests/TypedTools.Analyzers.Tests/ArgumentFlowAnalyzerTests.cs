using TypedTools.CodeFixes;
using Xunit;

namespace TypedTools.Analyzers.Tests;

public sealed class ArgumentFlowAnalyzerTests
{
    private static Task Paths(string source) => Verify<ArgumentFlowAnalyzer, AddAllowedPathFix>.Diagnostics(source);

    [Fact]
    public Task A_parameter_that_reaches_a_file_api_directly_or_through_locals_needs_AllowedPath() => Paths("""
        public static class T
        {
            [McpServerTool, ReadOnly]
            public static string Read(string {|TT3001:name|}) => File.ReadAllText(name);

            [McpServerTool, ReadOnly]
            public static string Built(string {|TT3001:report|}, int year)
            {
                string folder = "/srv/reports";
                string full = Path.Combine(folder, $"{report}-{year}.txt");
                var copy = full;
                return File.ReadAllText(copy);
            }

            [McpServerTool, ReadOnly]
            public static long Size(string {|TT3001:target|}) => new FileInfo(target).Length;
        }
        """);

    [Fact]
    public Task The_value_is_followed_into_helpers_of_the_same_type() => Paths("""
        public static class T
        {
            [McpServerTool, ReadOnly]
            public static string Open(string {|TT3001:document|}) => Load(Normalise(document));

            [McpServerTool, ReadOnly]
            public static Task<string> Ping(HttpClient http, string {|TT4001:host|}) => Get(http, host);

            private static string Normalise(string name) => name.Trim();

            private static string Load(string name)
            {
                var full = Path.Combine("/srv", name);
                return File.ReadAllText(full);
            }

            private static Task<string> Get(HttpClient http, string target) => http.GetStringAsync("https://" + target);
        }
        """);

    [Fact]
    public Task A_parameter_that_reaches_an_http_call_or_a_uri_needs_AllowedDomain() => Paths("""
        public static class T
        {
            [McpServerTool, ReadOnly]
            public static Task<string> Fetch(HttpClient http, string {|TT4001:site|}) => http.GetStringAsync("https://" + site + "/feed");

            [McpServerTool, ReadOnly]
            public static string Host(string {|TT4001:address|})
            {
                var parsed = new Uri(address);
                return parsed.Host;
            }
        }
        """);

    [Fact]
    public Task Names_and_types_that_say_path_or_url_need_the_attribute_even_without_a_visible_use() => Paths("""
        public static class T
        {
            [McpServerTool, ReadOnly]
            public static string Describe(string {|TT3002:filePath|}, string {|TT4002:callbackUrl|}, Uri {|TT4002:target|}) => "";
        }
        """);

    [Fact]
    public Task Guarded_parameters_and_unrelated_values_do_not_warn() => Paths("""
        public static class T
        {
            [McpServerTool, ReadOnly]
            public static string Read([AllowedPath("ws")] string path) => File.ReadAllText(path);

            [McpServerTool, ReadOnly]
            public static Task<string> Fetch(HttpClient http, [AllowedDomain("example.org")] Uri url) => http.GetStringAsync(url);

            [McpServerTool, ReadOnly]
            public static string Greeting(string name, int count) => File.ReadAllText("/etc/motd") + name + count;

            [McpServerTool, ReadOnly]
            public static string Tenant([FromClaim("tenant")] string tenantPath) => File.ReadAllText(tenantPath);

            public static string NotATool(string path) => File.ReadAllText(path);
        }
        """);

    [Fact]
    public Task The_fix_adds_AllowedPath() => Verify<ArgumentFlowAnalyzer, AddAllowedPathFix>.Fix("""
        public static class T
        {
            [McpServerTool, ReadOnly]
            public static string Read(string {|TT3001:name|}) => File.ReadAllText(name);
            [McpServerTool, ReadOnly]
            public static string Other(string {|TT3002:folderName|}) => "";
        }
        """, """
        public static class T
        {
            [McpServerTool, ReadOnly]
            public static string Read([AllowedPath("workspace")] string name) => File.ReadAllText(name);
            [McpServerTool, ReadOnly]
            public static string Other([AllowedPath("workspace")] string folderName) => "";
        }
        """);

    [Fact]
    public Task The_fix_adds_AllowedDomain() => Verify<ArgumentFlowAnalyzer, AddAllowedDomainFix>.Fix("""
        public static class T
        {
            [McpServerTool, ReadOnly]
            public static Task<string> Fetch(HttpClient http, Uri {|TT4001:url|}) => http.GetStringAsync(url);
        }
        """, """
        public static class T
        {
            [McpServerTool, ReadOnly]
            public static Task<string> Fetch(HttpClient http, [AllowedDomain("example.org")] Uri url) => http.GetStringAsync(url);
        }
        """);
}
