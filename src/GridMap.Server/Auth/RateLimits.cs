using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace GridMap.Server.Auth;

/// <summary>
/// Public intake and sign-in attempts are limited per client: case reports per user when signed
/// in, else per remote address (staff reporting in their work are not limited); Open311 posts
/// per api_key, else per remote address.
/// </summary>
public static class RateLimits
{
    public const string Intake = "intake";
    public const string Open311 = "open311";
    public const string Login = "login";

    public static IServiceCollection AddGridMapRateLimits(this IServiceCollection services, IConfiguration config)
    {
        var intakePerMinute = config.GetValue("GRIDMAP_INTAKE_PER_MINUTE", 30);
        var loginPerMinute = config.GetValue("GRIDMAP_LOGIN_PER_MINUTE", 20);
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Intake, http => Caller.From(http.User) is { Role: not Role.Reporter }
                ? RateLimitPartition.GetNoLimiter("staff")
                : PerMinute(Client(http), intakePerMinute));
            // A key's own limit when the admin gave it one (a hotline system posts for many residents).
            o.AddPolicy(Open311, http => ApiKeys.Of(http).Key is { } key
                ? PerMinute("key:" + key.Id, key.PerMinute ?? intakePerMinute)
                : PerMinute("address:" + http.Connection.RemoteIpAddress, intakePerMinute));
            o.AddPolicy(Login, http => PerMinute("address:" + http.Connection.RemoteIpAddress, loginPerMinute));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = Reject;
        });
        return services;
    }

    static RateLimitPartition<string> PerMinute(string client, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    static string Client(HttpContext http) =>
        Caller.From(http.User) is { } caller ? "user:" + caller.UserId : "address:" + http.Connection.RemoteIpAddress;

    static async ValueTask Reject(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var detail = $"This client has sent too many requests; try again in {seconds} s.";
        if (Cases.Open311Api.IsOpen311(http))
        {
            await Cases.Open311Api.WriteErrorAsync(http, StatusCodes.Status429TooManyRequests, detail);
            return;
        }
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new()
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = detail,
            },
        });
    }
}
