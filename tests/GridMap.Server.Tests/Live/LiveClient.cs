using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace GridMap.Tests.Live;

/// <summary>A change as a test client received it; <see cref="Raw"/> is the JSON as it came over the wire.</summary>
public sealed record ReceivedChange(long Seq, string Action, JsonElement Case, string Raw)
{
    public long CaseId => Case.GetProperty("id").GetInt64();
}

/// <summary>
/// A live map's connection to the hub of an in-process server, on the official SignalR .NET
/// client (WebSockets, after negotiating), signed in with a bearer token. It keeps the
/// <c>caseChanged</c> messages it receives, in order, for the test to take.
/// </summary>
public sealed class LiveClient : IAsyncDisposable
{
    static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(15);

    readonly HubConnection connection;
    readonly Channel<ReceivedChange> changes = Channel.CreateUnbounded<ReceivedChange>();
    readonly Channel<JsonElement> staffMoves = Channel.CreateUnbounded<JsonElement>();
    readonly Channel<(long Seq, long Id)> lefts = Channel.CreateUnbounded<(long, long)>();
    readonly TaskCompletionSource<Exception?> closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    LiveClient(HubConnection connection)
    {
        this.connection = connection;
        connection.On<JsonElement>("caseChanged", change => changes.Writer.TryWrite(new(
            change.GetProperty("seq").GetInt64(), change.GetProperty("action").GetString()!, change.GetProperty("case").Clone(), change.GetRawText())));
        connection.On<JsonElement>("staffMoved", moved => staffMoves.Writer.TryWrite(moved.Clone()));
        connection.On<JsonElement>("caseLeft", left => lefts.Writer.TryWrite((left.GetProperty("seq").GetInt64(), left.GetProperty("id").GetInt64())));
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            changes.Writer.TryComplete(new InvalidOperationException("the hub connection closed", error));
            return Task.CompletedTask;
        };
    }

    /// <summary>
    /// Connects to <paramref name="app"/>'s hub; a refused connection throws
    /// <see cref="HttpRequestException"/> with the status. <paramref name="origin"/>, when given,
    /// is sent as a browser would send its page's origin.
    /// </summary>
    public static async Task<LiveClient> ConnectAsync(WebApplicationFactory<Program> app, string? token, string? origin = null)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "hubs/live"), HttpTransportType.WebSockets, o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.WebSocketFactory = (context, ct) => InProcessWebSocketAsync(app, context, token, origin, ct);
                if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                if (origin is not null) o.Headers["Origin"] = origin;
            })
            .Build();
        var client = new LiveClient(hub);
        try
        {
            await hub.StartAsync().WaitAsync(DefaultWait);
            return client;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    /// <summary>The official client sets its headers on sockets it makes itself; this one comes from the test server.</summary>
    static async ValueTask<WebSocket> InProcessWebSocketAsync(WebApplicationFactory<Program> app, WebSocketConnectionContext context, string? token, string? origin, CancellationToken ct)
    {
        var client = app.Server.CreateWebSocketClient();
        client.ConfigureRequest = request =>
        {
            if (token is not null) request.Headers.Authorization = "Bearer " + token;
            if (origin is not null) request.Headers.Origin = origin;
        };
        return await client.ConnectAsync(context.Uri, ct);
    }

    public Task SubscribeAsync(long areaId, long lastSeq) => connection.InvokeAsync("Subscribe", areaId, lastSeq).WaitAsync(DefaultWait);

    public Task UnsubscribeAsync(long areaId) => connection.InvokeAsync("Unsubscribe", areaId).WaitAsync(DefaultWait);

    /// <summary>Invokes a hub method by name; a refusal throws <see cref="Microsoft.AspNetCore.SignalR.HubException"/>.</summary>
    public Task InvokeAsync(string method, params object?[] arguments) =>
        connection.InvokeCoreAsync(method, arguments).WaitAsync(DefaultWait);

    /// <summary>Completes when the connection has closed, with the error the server gave, if any.</summary>
    public Task<Exception?> Closed => closed.Task;

    /// <summary>The next change received, waiting at most <paramref name="wait"/> (15 s by default).</summary>
    public async Task<ReceivedChange> NextAsync(TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? DefaultWait);
        try
        {
            return await changes.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no caseChanged within {wait ?? DefaultWait}");
        }
    }

    /// <summary>The next <c>staffMoved</c> received, waiting at most 15 s.</summary>
    public async Task<JsonElement> NextStaffMovedAsync()
    {
        using var timeout = new CancellationTokenSource(DefaultWait);
        try
        {
            return await staffMoves.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no staffMoved within {DefaultWait}");
        }
    }

    /// <summary>The next <c>caseLeft</c> received (<c>{seq, id}</c>), waiting at most 15 s.</summary>
    public async Task<(long Seq, long Id)> NextLeftAsync()
    {
        using var timeout = new CancellationTokenSource(DefaultWait);
        try
        {
            return await lefts.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no caseLeft within {DefaultWait}");
        }
    }

    /// <summary>The <c>caseLeft</c> messages that have arrived so far, without waiting.</summary>
    public List<(long Seq, long Id)> DrainLefts()
    {
        var received = new List<(long, long)>();
        while (lefts.Reader.TryRead(out var left)) received.Add(left);
        return received;
    }

    /// <summary>Changes received until one with a seq of at least <paramref name="seq"/> arrives.</summary>
    public async Task<List<ReceivedChange>> ReceiveThroughAsync(long seq, TimeSpan? wait = null)
    {
        var received = new List<ReceivedChange>();
        using var timeout = new CancellationTokenSource(wait ?? DefaultWait);
        while (received.Count == 0 || received[^1].Seq < seq)
        {
            try
            {
                received.Add(await changes.Reader.ReadAsync(timeout.Token));
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"waited for seq {seq}; received [{string.Join(", ", received.Select(r => r.Seq))}]");
            }
        }
        return received;
    }

    /// <summary>What has arrived so far, without waiting.</summary>
    public List<ReceivedChange> Drain()
    {
        var received = new List<ReceivedChange>();
        while (changes.Reader.TryRead(out var change)) received.Add(change);
        return received;
    }

    /// <summary>Leaves: whatever the server was still sending is lost with the connection.</summary>
    public Task StopAsync() => connection.StopAsync();

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
