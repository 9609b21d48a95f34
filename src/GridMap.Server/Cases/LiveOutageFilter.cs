using Microsoft.AspNetCore.SignalR;

namespace GridMap.Server.Cases;

/// <summary>
/// A hub call that fails because the database is out of reach tells the client so, and when to
/// try again: SignalR would otherwise send only "an unexpected error occurred", which a client
/// cannot tell from a refusal.
/// </summary>
sealed class LiveOutageFilter(ILogger<LiveOutageFilter> log) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocation);
        }
        catch (Exception e) when (DatabaseOutage.Is(e))
        {
            log.LogWarning("Database unavailable for hub method {Method}: {Reason}", invocation.HubMethodName, e.GetBaseException().Message);
            throw new HubException($"{DatabaseOutage.Title}: {DatabaseOutage.Detail}");
        }
    }
}
