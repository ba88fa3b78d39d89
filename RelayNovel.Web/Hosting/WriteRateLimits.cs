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
/// budget the room hub and the home page's create and import use. A refused request never reaches its
/// handler, so nothing of it is stored. Also registered here: the per-client cap on generations through the open model API.
/// </summary>
public static class WriteRateLimits
{
    public static IServiceCollection AddWriteRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<ClientWriteLimiter>();
        services.AddSingleton<ClientGenerationCap>();
        services.AddSignalR().AddHubOptions<RoomHub>(o => o.AddFilter<HubWriteLimitFilter>());   // AddHubOptions also copies the global options
        services.AddHttpContextAccessor();
        services.AddScoped<CircuitClientAddress>();   // one per circuit, and its CircuitHandler (the same instance)
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitClientAddress>(sp => sp.GetRequiredService<CircuitClientAddress>()));
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<ClientWriteLimiter>((limiter, writes) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = writes.Limiter.WithTranslatedKey<HttpContext>(context =>
                IsRoomWrite(context) ? ClientWriteLimiter.KeyOf(context.Connection.RemoteIpAddress) : "",
                leaveOpen: true);
            limiter.OnRejected = (rejected, _) => RejectAsync(rejected, writes);
        });
        return services;
    }

    private static bool IsRoomWrite(HttpContext context) =>
        !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
        && !HttpMethods.IsOptions(context.Request.Method) && context.Request.Path.StartsWithSegments("/api/rooms");

    private static async ValueTask RejectAsync(OnRejectedContext rejected, ClientWriteLimiter writes)
    {
        var retryAfter = writes.RetryAfterOf(rejected.Lease);
        var problems = rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await ApiProblems.WriteTooManyRequestsAsync(problems, rejected.HttpContext, retryAfter, writes.Refusal(retryAfter), "RateLimited");
    }
}
