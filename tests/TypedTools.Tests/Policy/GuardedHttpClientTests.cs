using System.Net;
using Microsoft.Extensions.Options;
using TypedTools.Policy;
using TypedTools.Policy.Network;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Policy;

/// <summary>
/// The connect-time checks against real listeners on loopback. Names resolve through a test resolver (the
/// only network here is loopback), so each case chooses what a hostile DNS answer would be.
/// </summary>
public sealed class GuardedHttpClientTests : IAsyncLifetime
{
    private LoopbackHttpServer _server = null!;
    private int _lookups;

    public ValueTask InitializeAsync()
    {
        _server = new LoopbackHttpServer(path => path switch
        {
            "/page" => LoopbackHttpServer.Ok("hello from loopback"),
            "/to-page" => LoopbackHttpServer.Redirect("/page"),
            "/to-metadata" => LoopbackHttpServer.Redirect($"http://169.254.169.254:{_server.Port}/latest/meta-data/"),
            "/to-evil" => LoopbackHttpServer.Redirect($"http://evil.test:{_server.Port}/page"),
            "/to-private-name" => LoopbackHttpServer.Redirect($"http://internal.allowed.test:{_server.Port}/page"),
            "/loop" => LoopbackHttpServer.Redirect("/loop"),
            "/big" => LoopbackHttpServer.Ok(new string('x', 5000)),
            "/big-chunked" => "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n1388\r\n" + new string('y', 5000) + "\r\n0\r\n\r\n",
            _ => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private DomainRule Rule => new(["allowed.test", "*.allowed.test"], AllowHttp: true, Ports: [_server.Port]);

    /// <summary>A client whose resolver answers from <paramref name="answers"/>; loopback 127.0.0.1 is allowed only when asked.</summary>
    private GuardedHttpClient Client(Dictionary<string, string[]> answers, bool allowLoopback, long maxBytes = 4096)
    {
        var options = new TypedToolsOptions();
        options.Http.MaxResponseBytes = maxBytes;
        options.Http.MaxRedirects = 3;
        options.Http.Resolve = (host, _) =>
        {
            Interlocked.Increment(ref _lookups);
            return Task.FromResult(answers.TryGetValue(host, out string[]? found) ? found.Select(IPAddress.Parse).ToArray() : []);
        };
        if (allowLoopback)
        {
            options.Http.AllowedPrivateNetworks.Add(IPNetwork.Parse("127.0.0.1/32"));
        }
        return new GuardedHttpClient(new ToolPolicy(Options.Create(options)).Domains, options.Http);
    }

    private Uri Url(string host, string path) => new($"http://{host}:{_server.Port}{path}");

    private static async Task<string> Code(Func<Task> call) => (await Assert.ThrowsAsync<PolicyDeniedException>(call)).Denial.Code;

    [Fact]
    public async Task An_allowed_host_on_an_explicitly_allowed_network_is_fetched()
    {
        using GuardedHttpClient client = Client(new() { ["allowed.test"] = ["127.0.0.1"] }, allowLoopback: true);

        string text = await client.GetStringAsync(Url("allowed.test", "/page"), Rule, TestContext.Current.CancellationToken);

        Assert.Equal("hello from loopback", text);
        Assert.Equal(("/page", $"allowed.test:{_server.Port}"), Assert.Single(_server.Requests));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("10.0.0.5")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("100.64.1.1")]
    public async Task A_name_that_resolves_to_a_non_public_address_is_refused_without_connecting(string answer)
    {
        using GuardedHttpClient client = Client(new() { ["allowed.test"] = [answer] }, allowLoopback: false);

        Assert.Equal(PolicyCodes.AddressNotPublic, await Code(() => client.GetStringAsync(Url("allowed.test", "/page"), Rule, TestContext.Current.CancellationToken)));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_mixed_answer_is_refused_even_if_one_address_is_public()
    {
        using GuardedHttpClient client = Client(new() { ["allowed.test"] = ["93.184.216.34", "127.0.0.1"] }, allowLoopback: false);
        Assert.Equal(PolicyCodes.AddressNotPublic, await Code(() => client.GetStringAsync(Url("allowed.test", "/page"), Rule, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task A_host_off_the_list_is_refused_before_any_lookup()
    {
        using GuardedHttpClient client = Client(new() { ["SECRET.attacker.test"] = ["127.0.0.1"] }, allowLoopback: true);
        Assert.Equal(PolicyCodes.DomainNotAllowed, await Code(() => client.GetStringAsync(Url("SECRET.attacker.test", "/page"), Rule, TestContext.Current.CancellationToken)));
        Assert.Equal(0, _lookups);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Redirects_are_followed_only_to_checked_places_and_only_so_far()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using GuardedHttpClient client = Client(new() { ["allowed.test"] = ["127.0.0.1"], ["internal.allowed.test"] = ["10.0.0.9"], ["evil.test"] = ["127.0.0.1"] }, allowLoopback: true);

        Assert.Equal("hello from loopback", await client.GetStringAsync(Url("allowed.test", "/to-page"), Rule, ct));
        Assert.Equal(PolicyCodes.UrlIpLiteral, await Code(() => client.GetStringAsync(Url("allowed.test", "/to-metadata"), Rule, ct)));
        Assert.Equal(PolicyCodes.DomainNotAllowed, await Code(() => client.GetStringAsync(Url("allowed.test", "/to-evil"), Rule, ct)));
        Assert.Equal(PolicyCodes.AddressNotPublic, await Code(() => client.GetStringAsync(Url("allowed.test", "/to-private-name"), Rule, ct)));
        Assert.Equal(PolicyCodes.RedirectLimit, await Code(() => client.GetStringAsync(Url("allowed.test", "/loop"), Rule, ct)));
        Assert.DoesNotContain(_server.Requests, r => r.Host.StartsWith("evil.test", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/big")]
    [InlineData("/big-chunked")]
    public async Task Responses_over_the_cap_are_refused(string path)
    {
        using GuardedHttpClient client = Client(new() { ["allowed.test"] = ["127.0.0.1"] }, allowLoopback: true, maxBytes: 4096);
        Assert.Equal(PolicyCodes.ResponseTooLarge, await Code(() => client.GetStringAsync(Url("allowed.test", path), Rule, TestContext.Current.CancellationToken)));
    }
}
