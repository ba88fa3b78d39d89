using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RelayNovel.Web.Api;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// Per-client limits on HTTP writes (ASP.NET Core rate limiting, a sliding window per client IP). Every write under
/// /api/rooms is limited; other endpoints opt in with <c>.RequireRateLimiting(WriteRateLimits.PolicyName)</c>
/// (their own budget). A refused request never reaches its handler, so nothing of it is stored.
/// </summary>
public static class WriteRateLimits
{
    public const string PolicyName = "writes";

    public static IServiceCollection AddWriteRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RelayNovelOptions>>((limiter, app) =>
        {
            var settings = app.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsRoomWrite(context) && !HasOwnPolicy(context) ? Partition(context, settings) : RateLimitPartition.GetNoLimiter(""));
            limiter.AddPolicy(PolicyName, context => Partition(context, settings));
            limiter.OnRejected = (rejected, _) => RejectAsync(rejected, settings);
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
        // Without an address (in-process hosts, Unix sockets behind a proxy) clients cannot be told apart, and one
        // shared budget would let a single client lock everyone out: no limit there.
        if (settings.WritesPerWindow == 0 || context.Connection.RemoteIpAddress is not { } address)
        {
            return RateLimitPartition.GetNoLimiter("");
        }
        // A sliding window (ten segments): a burst straddling a window boundary cannot get twice the limit through.
        return RateLimitPartition.GetSlidingWindowLimiter(address.ToString(), _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = settings.WritesPerWindow,
            Window = TimeSpan.FromSeconds(settings.WriteWindowSeconds),
            SegmentsPerWindow = 10,
            QueueLimit = 0,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, RelayNovelOptions settings)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? wait
            : TimeSpan.FromSeconds(settings.WriteWindowSeconds);
        var problems = rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await ApiProblems.WriteTooManyRequestsAsync(problems, rejected.HttpContext, retryAfter,
            $"Too many writes from this client: at most {settings.WritesPerWindow} every {settings.WriteWindowSeconds} s. Try again in {ApiProblems.RetryAfterSeconds(retryAfter)} s.",
            "RateLimited");
    }
}
