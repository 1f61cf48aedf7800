using System.Net;
using System.Net.Sockets;

namespace TypedTools.Tests.Harness;

/// <summary>Ports for servers the tests start on loopback.</summary>
public static class LoopbackPorts
{
    /// <summary>A port no one listens on right now (the OS picks it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
