using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace GridMap.Load;

/// <summary>
/// One live map on the official SignalR .NET client (WebSockets without negotiation, JSON hub
/// protocol): subscribes to one area and notes the case id and arrival time of every <c>caseChanged</c>.
/// </summary>
sealed class LoadClient
{
    /// <summary>The part of a <c>caseChanged</c> message this tool reads; the rest is skipped unparsed into objects.</summary>
    sealed record Change(CaseId Case);
    sealed record CaseId(long Id);

    readonly HubConnection connection;
    readonly List<(long CaseId, long At)> received = [];

    public long AreaId { get; }
    public bool Open => connection.State == HubConnectionState.Connected;

    LoadClient(HubConnection connection, long areaId)
    {
        this.connection = connection;
        AreaId = areaId;
        connection.On<Change>("caseChanged", change =>
        {
            var at = Stopwatch.GetTimestamp();
            lock (received) received.Add((change.Case.Id, at));
        });
    }

    /// <summary>Connects to <paramref name="hub"/> (the server's <c>/hubs/live</c>) with a bearer token and subscribes from now on.</summary>
    public static async Task<LoadClient> ConnectAsync(Uri hub, string token, long areaId, CancellationToken ct)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hub, HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        var client = new LoadClient(connection, areaId);
        await connection.StartAsync(ct);
        await connection.InvokeAsync("Subscribe", areaId, -1L, ct);
        return client;
    }

    /// <summary>Receipts since the last call.</summary>
    public List<(long CaseId, long At)> TakeReceived()
    {
        lock (received)
        {
            var taken = received.ToList();
            received.Clear();
            return taken;
        }
    }

    public ValueTask CloseAsync() => connection.DisposeAsync();
}
