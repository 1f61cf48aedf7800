using TypedTools.CodeFixes;
using Xunit;

namespace TypedTools.Analyzers.Tests;

/// <summary>TT2004's fix: a tool's own HttpClient becomes a GuardedHttpClient parameter, each call the guarded call with the URL's rule.</summary>
public sealed class GuardedHttpClientFixTests
{
    private static Task Fix(string source, string fixedSource) => Verify<EffectsAnalyzer, UseGuardedHttpClientFix>.Fix(source, fixedSource);

    [Fact]
    public Task A_get_takes_the_rule_of_the_parameter_the_url_comes_from() => Fix("""
        using System.Threading;

        public static class T
        {
            [McpServerTool, ReadOnly]
            public static async Task<string> Get([AllowedDomain("docs.example.org", "*.example.com", Ports = [8443])] Uri url, CancellationToken cancellationToken)
            {
                using var http = {|TT2004:new HttpClient()|};
                string page = await http.GetStringAsync(url, cancellationToken);
                return page.Trim();
            }

            [McpServerTool, ReadOnly]
            public static async Task<string> Set([AllowedDomain(Set = "fetch")] string address, int max = 100)
            {
                var client = {|TT2004:new HttpClient()|};
                var target = new Uri(address);
                return (await client.GetStringAsync(target)).Substring(0, max);
            }
        }
        """, """
        using System.Threading;
        using TypedTools.Policy.Network;

        public static class T
        {
            [McpServerTool, ReadOnly]
            public static async Task<string> Get([AllowedDomain("docs.example.org", "*.example.com", Ports = [8443])] Uri url, GuardedHttpClient http, CancellationToken cancellationToken)
            {
                string page = await http.GetStringAsync(url, new DomainRule(["docs.example.org", "*.example.com"], Ports: [8443]), cancellationToken);
                return page.Trim();
            }

            [McpServerTool, ReadOnly]
            public static async Task<string> Set([AllowedDomain(Set = "fetch")] string address, GuardedHttpClient client, int max = 100)
            {
                var target = new Uri(address);
                return (await client.GetStringAsync(target, DomainRule.ForSet("fetch"))).Substring(0, max);
            }
        }
        """);

    [Fact]
    public Task A_post_whose_response_is_not_read_becomes_a_guarded_send_to_the_constant_host() => Fix("""
        public static class T
        {
            [McpServerTool, Destructive("Posts the note")]
            public static async Task Post(string note)
            {
                using var http = {|TT2004:new HttpClient()|};
                await http.PostAsync("http://notes.example.org:8080/api", new StringContent(note));
            }
        }
        """, """
        using TypedTools.Policy.Network;
        public static class T
        {
            [McpServerTool, Destructive("Posts the note")]
            public static async Task Post(string note, GuardedHttpClient http)
            {
                await http.SendAsync(HttpMethod.Post, new Uri("http://notes.example.org:8080/api"), new DomainRule(["notes.example.org"], AllowHttp: true, Ports: [8080]), new StringContent(note));
            }
        }
        """);

    [Fact]
    public Task No_fix_when_a_use_cannot_be_carried_over_exactly() =>
        Verify<EffectsAnalyzer, UseGuardedHttpClientFix>.NoFix("""
        public static class T
        {
            [McpServerTool, Destructive("Posts")]
            public static async Task<string> ReadsTheResponse([AllowedDomain("example.org")] Uri url)
            {
                using var http = {|TT2004:new HttpClient()|};
                using var response = await http.PostAsync(url, new StringContent("x"));
                return await response.Content.ReadAsStringAsync();
            }

            [McpServerTool, ReadOnly]
            public static async Task<string> UnknownHost(string host)
            {
                using var http = {|TT2004:new HttpClient()|};
                return await http.GetStringAsync("https://" + host + "/");
            }

            [McpServerTool, ReadOnly]
            public static Task<string> PassedOn([AllowedDomain("example.org")] Uri url) => Fetch({|TT2004:new HttpClient()|}, url);

            private static Task<string> Fetch(HttpClient http, Uri url) => http.GetStringAsync(url);
        }
        """);
}
