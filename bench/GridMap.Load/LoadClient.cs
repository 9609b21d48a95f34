using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace GridMap.Load;

/// <summary>
/// A lean hub client (JSON hub protocol over a WebSocket, as a browser with skipNegotiation):
/// subscribes to one area and notes the case id and arrival time of every <c>caseChanged</c>.
/// </summary>
sealed class LoadClient
{
    const byte Separator = 0x1e;
    readonly ClientWebSocket socket = new();
    readonly List<(long CaseId, long At)> received = [];
    readonly TaskCompletionSource<string?> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long AreaId { get; }
    public bool Open => socket.State == WebSocketState.Open;

    LoadClient(long areaId) => AreaId = areaId;

    public static async Task<LoadClient> ConnectAsync(Uri hub, long areaId, CancellationToken ct)
    {
        var client = new LoadClient(areaId);
        await client.socket.ConnectAsync(hub, ct);
        _ = client.ReceiveLoopAsync();
        await client.SendAsync("""{"protocol":"json","version":1}""", ct);
        await client.handshake.Task.WaitAsync(ct);
        await client.SendAsync($$"""{"type":1,"invocationId":"1","target":"Subscribe","arguments":[{{areaId}},-1]}""", ct);
        if (await client.completion.Task.WaitAsync(ct) is { } error) throw new InvalidOperationException($"Subscribe({areaId}) failed: {error}");
        return client;
    }

    /// <summary>The server drops a client it has not heard from in 30 s.</summary>
    public Task PingAsync(CancellationToken ct) => Open ? SendAsync("""{"type":6}""", ct) : Task.CompletedTask;

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

    public async Task CloseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception) { }
        socket.Dispose();
    }

    Task SendAsync(string json, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json + (char)Separator), WebSocketMessageType.Text, true, ct);

    async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                var result = await socket.ReceiveAsync(buffer.AsMemory(filled), CancellationToken.None);
                var at = Stopwatch.GetTimestamp();
                if (result.MessageType == WebSocketMessageType.Close) break;
                filled += result.Count;
                var start = 0;
                for (int end; (end = Array.IndexOf(buffer, Separator, start, filled - start)) >= 0; start = end + 1)
                    Handle(buffer.AsSpan(start, end - start), at);
                Array.Copy(buffer, start, buffer, 0, filled - start);
                filled -= start;
            }
        }
        catch (Exception) { }
        handshake.TrySetException(new InvalidOperationException("connection closed"));
        completion.TrySetResult("connection closed");
    }

    void Handle(ReadOnlySpan<byte> message, long at)
    {
        var reader = new Utf8JsonReader(message);
        var inCase = false;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            if (reader.CurrentDepth == 1 && reader.ValueTextEquals("type"))
            {
                reader.Read();
                if (reader.GetInt32() == 3)
                {
                    completion.TrySetResult(JsonDocument.Parse(message.ToArray()).RootElement.TryGetProperty("error", out var e) ? e.GetString() : null);
                    return;
                }
            }
            else if (reader.CurrentDepth == 3 && reader.ValueTextEquals("case")) inCase = true;
            else if (inCase && reader.CurrentDepth == 4 && reader.ValueTextEquals("id"))
            {
                reader.Read();
                lock (received) received.Add((reader.GetInt64(), at));
                return;
            }
        }
        handshake.TrySetResult(); // the handshake reply {} is the only message without a type
    }
}
