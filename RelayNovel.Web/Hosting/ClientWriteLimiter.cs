using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// The one per-client write budget (<see cref="RelayNovelOptions.WritesPerWindow"/> per
/// <see cref="RelayNovelOptions.WriteWindowSeconds"/>, a sliding window per client address) that every way of writing
/// draws from: the HTTP API (<see cref="WriteRateLimits"/>), the room hub and the home page's create and import. A client
/// that switches from HTTP to the hub keeps the budget it has used.
/// </summary>
public sealed class ClientWriteLimiter : IDisposable
{
    private readonly RelayNovelOptions _settings;

    public ClientWriteLimiter(IOptions<RelayNovelOptions> options)
    {
        _settings = options.Value;
        var settings = _settings;
        Limiter = PartitionedRateLimiter.Create<string, string>(address =>
            // "" is a client that cannot be told apart (no address: in-process hosts, Unix sockets behind a proxy) or a
            // request that is not a write: one shared budget would let a single client lock everyone out, so none.
            settings.WritesPerWindow == 0 || address.Length == 0
                ? RateLimitPartition.GetNoLimiter(address)
                // Ten segments: a burst straddling a window boundary cannot get twice the limit through.
                : RateLimitPartition.GetSlidingWindowLimiter(address, _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = settings.WritesPerWindow,
                    Window = TimeSpan.FromSeconds(settings.WriteWindowSeconds),
                    SegmentsPerWindow = 10,
                    QueueLimit = 0,
                }));
    }

    /// <summary>Keyed by <see cref="KeyOf"/>; "" is never limited.</summary>
    public PartitionedRateLimiter<string> Limiter { get; }

    public static string KeyOf(IPAddress? address) => address?.ToString() ?? "";

    /// <summary>Takes one write from <paramref name="address"/>'s budget; false (and how long to wait) when it is spent.</summary>
    public bool TryWrite(IPAddress? address, out TimeSpan retryAfter)
    {
        using var lease = Limiter.AttemptAcquire(KeyOf(address));
        retryAfter = RetryAfterOf(lease);
        return lease.IsAcquired;
    }

    public TimeSpan RetryAfterOf(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(_settings.WriteWindowSeconds);

    /// <summary>The refusal every entry point words the same way (whole seconds, at least 1).</summary>
    public string Refusal(TimeSpan retryAfter) =>
        $"Too many writes from this client: at most {_settings.WritesPerWindow} every {_settings.WriteWindowSeconds} s. " +
        $"Try again in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s.";

    public void Dispose() => Limiter.Dispose();
}
