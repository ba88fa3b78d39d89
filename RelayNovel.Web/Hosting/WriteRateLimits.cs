using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RelayNovel.Web.Api;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// Per-client limits on writes. Every HTTP write under /api/rooms takes from <see cref="ClientWriteLimiter"/>, the same
/// budget the room hub and the home page's create and import use; other endpoints may opt in with
/// <c>.RequireRateLimiting(WriteRateLimits.PolicyName)</c> (their own budget). A refused request never reaches its
/// handler, so nothing of it is stored. Also registered here: the per-client cap on generations through the open model API.
/// </summary>
public static class WriteRateLimits
{
    public const string PolicyName = "writes";

    public static IServiceCollection AddWriteRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<ClientWriteLimiter>();
        services.AddSingleton<ClientGenerationCap>();
        services.AddSignalR().AddHubOptions<RoomHub>(o => o.AddFilter<HubWriteLimitFilter>());   // AddHubOptions also copies the global options
        services.AddHttpContextAccessor();
        services.AddScoped<CircuitClientAddress>();   // one per circuit, and its CircuitHandler (the same instance)
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitClientAddress>(sp => sp.GetRequiredService<CircuitClientAddress>()));
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RelayNovelOptions>, ClientWriteLimiter>((limiter, app, writes) =>
        {
            var settings = app.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = writes.Limiter.WithTranslatedKey<HttpContext>(context =>
                IsRoomWrite(context) && !HasOwnPolicy(context) ? ClientWriteLimiter.KeyOf(context.Connection.RemoteIpAddress) : "",
                leaveOpen: true);
            limiter.AddPolicy(PolicyName, context => Partition(context, settings));
            limiter.OnRejected = (rejected, _) => RejectAsync(rejected, writes);
        });
        return services;
    }

    private static bool IsRoomWrite(HttpContext context) =>
        !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
        && !HttpMethods.IsOptions(context.Request.Method) && context.Request.Path.StartsWithSegments("/api/rooms");

    /// <summary>An endpoint with its own rate-limit policy is counted there, not twice.</summary>
    private static bool HasOwnPolicy(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null;

    private static RateLimitPartition<string> Partition(HttpContext context, RelayNovelOptions settings)
    {
        if (settings.WritesPerWindow == 0 || context.Connection.RemoteIpAddress is not { } address)
        {
            return RateLimitPartition.GetNoLimiter("");
        }
        return RateLimitPartition.GetSlidingWindowLimiter(address.ToString(), _ => new()
        {
            PermitLimit = settings.WritesPerWindow,
            Window = TimeSpan.FromSeconds(settings.WriteWindowSeconds),
            SegmentsPerWindow = 10,
            QueueLimit = 0,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, ClientWriteLimiter writes)
    {
        var retryAfter = writes.RetryAfterOf(rejected.Lease);
        var problems = rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await ApiProblems.WriteTooManyRequestsAsync(problems, rejected.HttpContext, retryAfter, writes.Refusal(retryAfter), "RateLimited");
    }
}
