using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace GridMap.Server.Auth;

public static class AuthServices
{
    /// <summary>Sign-in tokens, the role policies, rate limits, and strict reading of requests.</summary>
    public static IServiceCollection AddGridMapAuth(this IServiceCollection services, IConfiguration config)
    {
        var certificate = KeyRingCertificate.LoadOrCreate(StateFolder.Of(config));
        services.AddDataProtection().SetApplicationName("GridMap")
            .ProtectKeysWithCertificate(certificate)
            .UnprotectKeysWithAnyCertificate(certificate);
        services.AddOptions<KeyManagementOptions>()
            .Configure<NpgsqlDataSource>((o, db) => o.XmlRepository = new DbKeyRepository(db));
        services.AddAuthentication(Tokens.Scheme)
            .AddBearerToken(Tokens.Scheme, o =>
            {
                o.BearerTokenExpiration = Tokens.Lifetime;
                // Sign-ins expire by the wall clock, not by the application's clock (which tests move).
                o.TimeProvider = TimeProvider.System;
                o.Events = new BearerTokenEvents { OnMessageReceived = Tokens.FindToken };
            });
        // After the bearer-token defaults have made the format: a token is decrypted at most once a minute, not on every request.
        services.PostConfigure<BearerTokenOptions>(Tokens.Scheme, o => o.BearerTokenProtector = new RecentTickets(o.BearerTokenProtector));
        services.AddAuthorization(Access.AddPolicies);
        services.AddSingleton<Tokens>();
        services.AddHostedService<PersonalDataReadsMerge>();
        services.AddGridMapRateLimits(config);
        // A body that does not bind (malformed JSON, wrong types) reaches the one exception
        // handler, which names the problem, in every environment (the default is Development only).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // A number is a number: "121.1" in quotes is a wrong type, not a coordinate.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict);
        // Kestrel's one global cap would stop the import's larger bodies; UseBodyLimits sets each request's.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = null);
        return services;
    }

    /// <summary>
    /// After routing and static files (the sign-in page must load for anyone), before the
    /// endpoints: which pages may call, body limits and charsets, who is calling (a user, or an
    /// Open311 client's key), what they may do, a retried write answered again (Idempotency-Key),
    /// how often.
    /// </summary>
    public static IApplicationBuilder UseGridMapAuth(this IApplicationBuilder app) => app
        .UseOriginCheck()
        .UseBodyLimits()
        .UseKnownCharsets()
        .UseAuthentication()
        .UseAuthorization()
        .UseApiKeys()
        .UseIdempotency()
        .UseRateLimiter();
}
