namespace RelayNovel.Web.Hosting;

/// <summary>
/// What a cluster of app nodes adds under "RelayNovel:Cluster" (beside <see cref="RoomClusterOptions"/>'s ports). With
/// <see cref="Redis"/> set, the nodes find each other and share state through it: Orleans membership, the room hub's
/// SignalR backplane, the Data Protection keys (so Blazor circuits and antiforgery tokens made on one node are read on
/// another) and the per-client write budget. Unset, the app is one process with localhost clustering, as before.
/// </summary>
public sealed class RedisClusterOptions
{
    /// <summary>A StackExchange.Redis configuration string (e.g. <c>127.0.0.1:6379</c>); empty = a single node.</summary>
    public string? Redis { get; set; }

    /// <summary>
    /// The address this node's silo gives the others: an IP or a host name (a container's, in Compose). Empty = loopback,
    /// which serves nodes on one machine (<c>tools/cluster.sh</c>). A non-loopback address also makes the silo listen
    /// on every interface.
    /// </summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>
    /// Proxies whose X-Forwarded-For/-Proto headers are believed (IP addresses). Empty = loopback only. Forwarded
    /// headers are read when <see cref="Redis"/> is set (a cluster sits behind its balancer) or this list is not empty.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    public bool IsCluster => !string.IsNullOrWhiteSpace(Redis);

    public bool ReadsForwardedHeaders => IsCluster || KnownProxies.Length > 0;

    public static RedisClusterOptions From(IConfiguration configuration) =>
        configuration.GetSection(RoomClusterOptions.Section).Get<RedisClusterOptions>() ?? new RedisClusterOptions();
}
