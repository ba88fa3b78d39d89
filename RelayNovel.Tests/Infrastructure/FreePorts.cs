using System.Net;
using System.Net.Sockets;

namespace RelayNovel.Tests.Infrastructure;

/// <summary>Loopback ports nothing listens on, for the silos of test apps that run side by side.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
