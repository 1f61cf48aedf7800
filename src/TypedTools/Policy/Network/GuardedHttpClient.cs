using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TypedTools.Policy.Network;

/// <summary>Limits for <see cref="GuardedHttpClient"/>.</summary>
public sealed class GuardedHttpOptions
{
    /// <summary>Redirects followed (each hop checked against the same rule); more is refused.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>The largest response body read, in bytes.</summary>
    public long MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The whole exchange's time limit.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The time limit for one connection attempt.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Non-public networks this server may nevertheless reach (an internal service it is meant to use). Empty by
    /// default; every other non-public address is refused at connect time.
    /// </summary>
    public IList<IPNetwork> AllowedPrivateNetworks { get; } = [];

    /// <summary>How names are resolved (the system resolver by default; tests map names to chosen addresses).</summary>
    public Func<string, CancellationToken, Task<IPAddress[]>> Resolve { get; set; } = (host, ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>A response read within the limits.</summary>
/// <param name="StatusCode">The final status.</param>
/// <param name="Url">The final URL, after redirects.</param>
/// <param name="ContentType">The media type, if given.</param>
/// <param name="Body">The body.</param>
public sealed record GuardedHttpResponse(HttpStatusCode StatusCode, Uri Url, string? ContentType, byte[] Body)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// An HTTP client for tools that reach the network, closing the gaps a plain <see cref="HttpClient"/> leaves:
/// every URL (the first and each redirect hop) is checked against the tool's <see cref="DomainRule"/> before
/// any lookup; no proxy; the connection goes to an address this client resolved and judged public (so DNS
/// rebinding between check and connect does not help), never to loopback, private, link-local or metadata
/// addresses; redirects are followed by hand up to a limit; responses are capped in size and time.
/// </summary>
public sealed class GuardedHttpClient : IDisposable
{
    private readonly DomainGuard _domains;
    private readonly GuardedHttpOptions _options;
    private readonly HttpClient _http;

    /// <summary>Creates the client.</summary>
    public GuardedHttpClient(DomainGuard domains, GuardedHttpOptions? options = null)
    {
        _domains = domains;
        _options = options ?? new GuardedHttpOptions();
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = _options.ConnectTimeout,
            ConnectCallback = ConnectAsync,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler) { Timeout = _options.Timeout };
    }

    /// <summary>GETs a URL and returns its body as text.</summary>
    public async Task<string> GetStringAsync(Uri url, DomainRule rule, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, url, rule, null, cancellationToken).ConfigureAwait(false)).Text;

    /// <summary>Sends a request under the rule; a redirect of a GET (or a 303) is followed with GET, others are returned as they are.</summary>
    public async Task<GuardedHttpResponse> SendAsync(HttpMethod method, Uri url, DomainRule rule, HttpContent? content, CancellationToken cancellationToken = default)
    {
        Uri current = _domains.Check(url, rule);
        for (int hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(method, current) { Content = content };
            using HttpResponseMessage response = await SendCheckedAsync(request, cancellationToken).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            bool redirect = status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is not null;
            if (redirect && (method == HttpMethod.Get || status == 303))
            {
                if (hop >= _options.MaxRedirects)
                {
                    throw new PolicyDeniedException(new PolicyDenial(PolicyCodes.RedirectLimit, $"The server redirected more than {_options.MaxRedirects} times.", null, "Fetch the final URL directly."));
                }
                Uri next = response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location : new Uri(current, response.Headers.Location);
                current = _domains.Check(next.IsAbsoluteUri ? next.AbsoluteUri : next.OriginalString, rule);
                method = HttpMethod.Get;
                content = null;
                continue;
            }
            byte[] body = await ReadCappedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            return new GuardedHttpResponse(response.StatusCode, current, response.Content.Headers.ContentType?.MediaType, body);
        }
    }

    private async Task<HttpResponseMessage> SendCheckedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception) when (exception.InnerException is PolicyDeniedException denied)
        {
            throw denied; // the connect-time check refused; keep its code
        }
    }

    private async Task<byte[]> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > _options.MaxResponseBytes)
        {
            throw TooLarge();
        }
        await using Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _options.MaxResponseBytes)
            {
                throw TooLarge();
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private PolicyDeniedException TooLarge() => new(new PolicyDenial(PolicyCodes.ResponseTooLarge,
        $"The response is larger than {_options.MaxResponseBytes} bytes.", null, "Fetch a smaller resource."));

    /// <summary>Resolves the name, refuses non-public answers, and connects to the address that was judged.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        string host = context.DnsEndPoint.Host;
        IPAddress[] addresses = IPAddress.TryParse(host, out IPAddress? literal) ? [literal]
            : await _options.Resolve(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new HttpRequestException($"The host '{host}' did not resolve.");
        }
        // One non-public answer refuses the name: a mixed answer is how rebinding attacks start.
        IPAddress? blocked = addresses.FirstOrDefault(a => !IsReachable(a));
        if (blocked is not null)
        {
            throw new PolicyDeniedException(new PolicyDenial(PolicyCodes.AddressNotPublic,
                $"The host '{host}' resolves to a non-public address, which tools may not reach.", null, "Use a public host on the allowlist."));
        }
        var socket = new Socket(addresses[0].AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(addresses[0], context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
            if (socket.RemoteEndPoint is not IPEndPoint remote || !IsReachable(remote.Address))
            {
                throw new PolicyDeniedException(new PolicyDenial(PolicyCodes.AddressNotPublic, "The connection reached a non-public address.", null, "Use a public host."));
            }
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private bool IsReachable(IPAddress address) =>
        NetworkAddresses.IsPublic(address) || _options.AllowedPrivateNetworks.Any(n => n.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
