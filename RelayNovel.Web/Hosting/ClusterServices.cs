using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using RedisRateLimiting;
using RelayNovel.Web.Api;
using StackExchange.Redis;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// The plumbing that turns app nodes into one cluster (<see cref="RedisClusterOptions"/>), all on existing engines:
/// Orleans membership in Redis, the SignalR Redis backplane for <c>/hubs/room</c>, Data Protection keys in Redis, the
/// per-client write budget counted in Redis, and forwarded headers from the balancer. Without
/// <c>RelayNovel:Cluster:Redis</c> none of it is registered and the app is today's single process.
/// </summary>
public static class ClusterServices
{
    /// <summary>The Redis key of the shared Data Protection key ring.</summary>
    public const string DataProtectionKey = "relaynovel:dataprotection-keys";

    /// <summary>Every node's application name: Data Protection isolates apps by it, and the nodes must be one app.</summary>
    public const string ApplicationName = "RelayNovel";

    /// <summary>Prefix of the write budget's Redis keys (one sorted set per client address).</summary>
    public const string WriteKeyPrefix = "relaynovel:writes:";

    public static WebApplicationBuilder AddRelayNovelCluster(this WebApplicationBuilder builder)
    {
        var options = RedisClusterOptions.From(builder.Configuration);
        var services = builder.Services;
        if (options.ReadsForwardedHeaders)
        {
            services.Configure<ForwardedHeadersOptions>(o => ConfigureForwardedHeaders(o, options));
        }
        if (!options.IsCluster)
        {
            return builder;
        }
        var redis = options.Redis!;
        // One connection for the key ring and the write budget; Orleans and SignalR open their own from the same string.
        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
        // The backplane for the room hub only: Blazor's own hub keeps each circuit on its node (sticky sessions), and
        // putting every render batch through Redis would gain nothing.
        services.Configure<RedisOptions>(o =>
        {
            o.Configuration = ConfigurationOptions.Parse(redis);
            o.Configuration.ChannelPrefix = RedisChannel.Literal("relaynovel");
        });
        services.AddSingleton<HubLifetimeManager<RoomHub>, RedisHubLifetimeManager<RoomHub>>();
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((o, connection) =>
            o.XmlRepository = new RedisXmlRepository(() => connection.GetDatabase(), DataProtectionKey));
        services.Replace(ServiceDescriptor.Singleton(sp => new ClientWriteLimiter(
            sp.GetRequiredService<IOptions<RelayNovelOptions>>(), RedisWindows(sp.GetRequiredService<IConnectionMultiplexer>()))));
        return builder;
    }

    /// <summary>Orleans membership in Redis instead of the development (localhost) table; this node's silo on its ports.</summary>
    public static ISiloBuilder UseRedisCluster(this ISiloBuilder silo, RedisClusterOptions cluster, RoomClusterOptions ports)
    {
        silo.UseRedisClustering(cluster.Redis!);
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ports.ClusterId, ports.ServiceId));
        var address = AdvertisedAddress(cluster.AdvertisedHost);
        silo.ConfigureEndpoints(address, ports.SiloPort, ports.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(address));
        return silo;
    }

    /// <summary>Reads X-Forwarded-For/-Proto from the balancer first of all, so limits and links see the client.</summary>
    public static WebApplication UseRelayNovelCluster(this WebApplication app)
    {
        if (RedisClusterOptions.From(app.Configuration).ReadsForwardedHeaders)
        {
            app.UseForwardedHeaders();
        }
        return app;
    }

    /// <summary>A client's window counted in Redis, so every node takes from the same budget.</summary>
    internal static Func<string, RelayNovelOptions, RateLimitPartition<string>> RedisWindows(IConnectionMultiplexer connection) =>
        (address, settings) => RedisRateLimitPartition.GetSlidingWindowRateLimiter(WriteKeyPrefix + address, _ => new RedisSlidingWindowRateLimiterOptions
        {
            PermitLimit = settings.WritesPerWindow,
            Window = TimeSpan.FromSeconds(settings.WriteWindowSeconds),
            ConnectionMultiplexerFactory = () => connection,
        });

    internal static IPAddress AdvertisedAddress(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return IPAddress.Loopback;
        }
        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }
        // A container's own name: the address the other containers reach it at.
        return Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            ?? throw new InvalidOperationException($"RelayNovel:Cluster:AdvertisedHost '{host}' has no IPv4 address.");
    }

    private static void ConfigureForwardedHeaders(ForwardedHeadersOptions o, RedisClusterOptions options)
    {
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        if (options.KnownProxies.Length == 0)
        {
            return;   // ASP.NET's defaults: 127.0.0.0/8 and ::1, the balancer of tools/cluster.sh
        }
        o.KnownIPNetworks.Clear();
        o.KnownProxies.Clear();
        foreach (var proxy in options.KnownProxies)
        {
            o.KnownProxies.Add(IPAddress.TryParse(proxy, out var ip)
                ? ip
                : throw new OptionsValidationException(nameof(RedisClusterOptions), typeof(RedisClusterOptions),
                    [$"RelayNovel:Cluster:KnownProxies: '{proxy}' is not an IP address."]));
        }
    }
}
