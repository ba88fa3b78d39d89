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

    public ClientWriteLimiter(IOptions<RelayNovelOptions> options) : this(options, LocalWindow)
    {
    }

    /// <summary>With <paramref name="windowOf"/> making each client's window (a cluster counts them in Redis: <see cref="ClusterServices"/>).</summary>
    internal ClientWriteLimiter(IOptions<RelayNovelOptions> options, Func<string, RelayNovelOptions, RateLimitPartition<string>> windowOf)
    {
        _settings = options.Value;
        var settings = _settings;
        Limiter = PartitionedRateLimiter.Create<string, string>(address =>
            // "" is a client that cannot be told apart (no address: in-process hosts, Unix sockets behind a proxy) or a
            // request that is not a write: one shared budget would let a single client lock everyone out, so none.
            settings.WritesPerWindow == 0 || address.Length == 0
                ? RateLimitPartition.GetNoLimiter(address)
                : windowOf(address, settings));
    }

    /// <summary>Keyed by <see cref="KeyOf"/>; "" is never limited.</summary>
    public PartitionedRateLimiter<string> Limiter { get; }

    public static string KeyOf(IPAddress? address) => address?.ToString() ?? "";

    /// <summary>
    /// Takes one write from <paramref name="address"/>'s budget; not allowed (and how long to wait) when it is spent.
    /// Asynchronous because a cluster's budget is counted in Redis.
    /// </summary>
    public async ValueTask<(bool Allowed, TimeSpan RetryAfter)> TryWriteAsync(IPAddress? address, CancellationToken cancellationToken = default)
    {
        using var lease = await Limiter.AcquireAsync(KeyOf(address), cancellationToken: cancellationToken).ConfigureAwait(false);
        return (lease.IsAcquired, RetryAfterOf(lease));
    }

    public TimeSpan RetryAfterOf(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(_settings.WriteWindowSeconds);

    /// <summary>The refusal every entry point words the same way (whole seconds, at least 1).</summary>
    public string Refusal(TimeSpan retryAfter) =>
        $"Too many writes from this client: at most {_settings.WritesPerWindow} every {_settings.WriteWindowSeconds} s. " +
        $"Try again in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s.";

    public void Dispose() => Limiter.Dispose();

    // Ten segments: a burst straddling a window boundary cannot get twice the limit through.
    private static RateLimitPartition<string> LocalWindow(string address, RelayNovelOptions settings) =>
        RateLimitPartition.GetSlidingWindowLimiter(address, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = settings.WritesPerWindow,
            Window = TimeSpan.FromSeconds(settings.WriteWindowSeconds),
            SegmentsPerWindow = 10,
            QueueLimit = 0,
        });
}
