namespace GridMap.Server.Cases;

public static class LiveServices
{
    /// <summary>The live hub, its subscriptions and the NOTIFY listener.</summary>
    public static IServiceCollection AddLive(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddOptions<LiveOptions>().BindConfiguration("Live");
        services.AddSingleton<LiveSubscriptions>();
        services.AddHostedService<LiveListener>();
        return services;
    }

    public static IEndpointConventionBuilder MapLive(this IEndpointRouteBuilder app) =>
        app.MapHub<LiveHub>("/hubs/live");
}
