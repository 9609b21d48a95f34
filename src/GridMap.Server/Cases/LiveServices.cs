using Microsoft.AspNetCore.SignalR;

namespace GridMap.Server.Cases;

public static class LiveServices
{
    /// <summary>The live hub (telling clients of a database outage), its subscriptions, the NOTIFY listener and the snapshots' retention.</summary>
    public static IServiceCollection AddLive(this IServiceCollection services)
    {
        services.AddSignalR(hub => hub.AddFilter<LiveOutageFilter>()).AddJsonProtocol(json => json.PayloadSerializerOptions.Encoder = CaseJson.Encoder);
        services.AddOptions<LiveOptions>().BindConfiguration("Live");
        services.AddSingleton<LiveSubscriptions>();
        services.AddHostedService<LiveListener>();
        services.AddSingleton<LiveSnapshotRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveSnapshotRetention>());
        return services;
    }

    /// <summary>
    /// Signed-in users whose role watches areas (which areas, <see cref="LiveHub.CanWatch"/>
    /// decides), from programs or from the server's own pages. A connection ends when its sign-in expires.
    /// </summary>
    public static IEndpointConventionBuilder MapLive(this IEndpointRouteBuilder app) =>
        app.MapHub<LiveHub>("/hubs/live", o => o.CloseOnAuthenticationExpiration = true)
            .RequireAuthorization(Auth.Access.LiveCases)
            .WithMetadata(new Auth.SameOriginOnly());
}
