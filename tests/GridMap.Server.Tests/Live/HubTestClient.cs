using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GridMap.Tests.Live;

/// <summary>A change as a test client received it.</summary>
public sealed record ReceivedChange(long Seq, string Action, JsonElement Case)
{
    public long CaseId => Case.GetProperty("id").GetInt64();
}

/// <summary>A hub method failed: the message the server sent back in the completion.</summary>
public sealed class HubError(string message) : Exception(message);

/// <summary>
/// A SignalR client speaking the JSON hub protocol over a plain WebSocket (the .NET SignalR client
/// package is not available here): handshake, invocations (type 1) with their completions
/// (type 3), server invocations of <c>caseChanged</c>, pings (type 6) and close (type 7).
/// Every message ends with the record separator 0x1E.
/// </summary>
public sealed class HubTestClient : IAsyncDisposable
{
    const char Separator = '\u001e';
    /// <summary>How long to wait for a change before failing: a safety net on a busy machine, not a measure.</summary>
    static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);

    readonly WebSocket socket;
    readonly Channel<ReceivedChange> changes = Channel.CreateUnbounded<ReceivedChange>();
    readonly Dictionary<string, TaskCompletionSource<JsonElement?>> pending = [];
    readonly CancellationTokenSource stop = new();
    readonly SemaphoreSlim sending = new(1, 1);
    TaskCompletionSource handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int nextInvocationId;
    Task receiving = Task.CompletedTask, pinging = Task.CompletedTask;

    /// <summary>Targets of server invocations, as the server spelled them.</summary>
    public List<string> Targets { get; } = [];

    /// <summary>The last server invocation as it came over the wire.</summary>
    public string? LastFrame { get; private set; }

    HubTestClient(WebSocket socket) => this.socket = socket;

    /// <summary>
    /// Connects to the hub of an in-process server (TestServer's WebSocket client), signed in
    /// with <paramref name="token"/> as a browser does: <c>?access_token=</c>.
    /// </summary>
    public static async Task<HubTestClient> ConnectAsync(WebApplicationFactory<Program> app, string? token)
    {
        var socket = await app.Server.CreateWebSocketClient().ConnectAsync(HubUri("localhost", token), CancellationToken.None);
        return await StartAsync(socket);
    }

    /// <summary>Connects over a real socket, as a browser does with skipNegotiation and WebSockets.</summary>
    public static async Task<HubTestClient> ConnectAsync(Uri server, string? token)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(HubUri(server.Authority, token), CancellationToken.None);
        return await StartAsync(socket);
    }

    static Uri HubUri(string authority, string? token) =>
        new($"ws://{authority}/hubs/live" + (token is null ? "" : "?access_token=" + Uri.EscapeDataString(token)));

    static async Task<HubTestClient> StartAsync(WebSocket socket)
    {
        var client = new HubTestClient(socket);
        client.receiving = client.ReceiveLoopAsync();
        await client.SendAsync("""{"protocol":"json","version":1}""");
        await client.handshake.Task.WaitAsync(DefaultWait);
        client.pinging = client.PingLoopAsync();
        return client;
    }

    public Task SubscribeAsync(long areaId, long lastSeq) => InvokeAsync("Subscribe", areaId, lastSeq);

    public Task UnsubscribeAsync(long areaId) => InvokeAsync("Unsubscribe", areaId);

    /// <summary>Invokes a hub method and waits for its completion; a server error throws <see cref="HubError"/>.</summary>
    public async Task<JsonElement?> InvokeAsync(string target, params object[] arguments)
    {
        var id = Interlocked.Increment(ref nextInvocationId).ToString();
        var done = new TaskCompletionSource<JsonElement?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (pending) pending[id] = done;
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));
        return await done.Task.WaitAsync(DefaultWait);
    }

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

    async Task SendAsync(string json)
    {
        await sending.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(json + Separator), WebSocketMessageType.Text, true, stop.Token);
        }
        finally
        {
            sending.Release();
        }
    }

    /// <summary>The server drops a client it has not heard from in 30 s.</summary>
    async Task PingLoopAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), stop.Token);
                await SendAsync("""{"type":6}""");
            }
        }
        catch (Exception) when (stop.IsCancellationRequested || socket.State != WebSocketState.Open) { }
    }

    async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var unfinished = new List<byte>(); // a message may span WebSocket frames; 0x1E never occurs inside UTF-8
        Exception? failure = null;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, stop.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
                unfinished.AddRange(buffer.AsSpan(0, result.Count));
                int end;
                while ((end = unfinished.IndexOf((byte)Separator)) >= 0)
                {
                    Handle(Encoding.UTF8.GetString(unfinished.GetRange(0, end).ToArray()));
                    unfinished.RemoveRange(0, end + 1);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            failure = ex;
        }
        catch (OperationCanceledException) { }
        var closed = failure ?? new InvalidOperationException("the hub connection closed");
        handshake.TrySetException(closed);
        changes.Writer.TryComplete(closed);
        lock (pending) foreach (var done in pending.Values) done.TrySetException(closed);
    }

    void Handle(string frame)
    {
        using var doc = JsonDocument.Parse(frame);
        var message = doc.RootElement;
        if (!message.TryGetProperty("type", out var type))
        {
            if (message.TryGetProperty("error", out var error)) handshake.TrySetException(new HubError(error.GetString()!));
            else handshake.TrySetResult();
            return;
        }
        switch (type.GetInt32())
        {
            case 1:
                var target = message.GetProperty("target").GetString()!;
                lock (Targets) Targets.Add(target);
                LastFrame = frame;
                var change = message.GetProperty("arguments")[0];
                changes.Writer.TryWrite(new(change.GetProperty("seq").GetInt64(), change.GetProperty("action").GetString()!, change.GetProperty("case").Clone()));
                break;
            case 3:
                TaskCompletionSource<JsonElement?>? done;
                lock (pending) pending.Remove(message.GetProperty("invocationId").GetString()!, out done);
                if (message.TryGetProperty("error", out var failed)) done?.TrySetException(new HubError(failed.GetString()!));
                else done?.TrySetResult(message.TryGetProperty("result", out var result) ? result.Clone() : null);
                break;
            case 7:
                changes.Writer.TryComplete(new InvalidOperationException("the server closed the connection: " +
                    (message.TryGetProperty("error", out var reason) ? reason.GetString() : "no reason given")));
                break;
        }
    }

    /// <summary>Drops the connection without a goodbye, as a lost network does.</summary>
    public void Abort()
    {
        stop.Cancel();
        socket.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception) { }
        }
        Abort();
        await Task.WhenAll(receiving, pinging).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        socket.Dispose();
    }
}
