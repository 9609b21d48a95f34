using System.Net;
using System.Net.Sockets;

namespace GridMap.Tests.Support;

/// <summary>
/// A TCP relay to a server, which a test can cut: after <see cref="Cut"/> the server behind it is
/// unreachable (open connections closed, new ones refused), as a database across a failed network is.
/// </summary>
public sealed class TcpRelay : IDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly List<TcpClient> connections = [];
    readonly CancellationTokenSource stop = new();

    public int Port { get; }

    public TcpRelay(string host, int port)
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _ = AcceptAsync(host, port);
    }

    async Task AcceptAsync(string host, int port)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            var server = new TcpClient();
            try { await server.ConnectAsync(host, port, stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }
            lock (connections) connections.AddRange([client, server]);
            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try { await from.GetStream().CopyToAsync(to.GetStream()); }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException) { }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public void Cut()
    {
        stop.Cancel();
        listener.Stop();
        lock (connections) foreach (var c in connections) c.Dispose();
    }

    public void Dispose() => Cut();
}
