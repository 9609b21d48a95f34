using System.Net.Sockets;

namespace GridMap.Tests.Faults;

public static class LocalPorts
{
    /// <summary>A loopback port that no one listens on at the moment.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
