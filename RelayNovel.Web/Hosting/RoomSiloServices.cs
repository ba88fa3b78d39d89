using System.Net;
using Orleans.Configuration;
using Orleans.Serialization;
using RelayNovel.Web.Rooms.Generation;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// The Orleans side of the app: every web node co-hosts a silo, and room grains live in the silos. The same room
/// runtime (<see cref="AddRoomRuntime"/>) and node services (<see cref="AddRoomNode"/>) serve the app and the tests'
/// in-process clusters (<see cref="RoomCoreServices"/> adds the node's part).
/// </summary>
public static class RoomSiloServices
{
    /// <summary>A silo in this process on loopback (localhost clustering): no server needed.</summary>
    public static WebApplicationBuilder AddRoomSilo(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RoomClusterOptions.Section).Get<RoomClusterOptions>() ?? new RoomClusterOptions();
        builder.Services.AddOptions<RoomClusterOptions>().Bind(builder.Configuration.GetSection(RoomClusterOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.UseOrleans(silo =>
        {
            var primary = options.PrimarySiloPort is > 0 and var port && port != options.SiloPort
                ? new IPEndPoint(IPAddress.Loopback, port)
                : null;
            if (RedisClusterOptions.From(builder.Configuration) is { IsCluster: true } cluster)
            {
                silo.UseRedisCluster(cluster, options);   // nodes on several machines (ClusterServices)
            }
            else
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, primary, options.ServiceId, options.ClusterId);
            }
            silo.AddRoomRuntime();
        });
        StopSiloOnce(builder.Services);
        return builder;
    }

    /// <summary>The silo's hosted service behind <see cref="StopOnceHostedService"/> (found by its type's name: it is internal to Orleans).</summary>
    private static void StopSiloOnce(IServiceCollection services)
    {
        var silo = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "SiloHostedService");
        services.Remove(silo);
        services.AddSingleton<IHostedService>(sp =>
            new StopOnceHostedService((IHostedService)ActivatorUtilities.CreateInstance(sp, silo.ImplementationType!)));
    }

    /// <summary>
    /// What every silo of the room cluster runs: RelayNovel's values on the wire. Room events travel from each room
    /// grain straight to the nodes following it (<see cref="RoomEventRelay"/>), pushed rather than polled from a queue.
    /// </summary>
    public static ISiloBuilder AddRoomRuntime(this ISiloBuilder silo)
    {
        silo.Services.AddSerializer(s => s.AddRoomValues());
        // RelayNovel's exceptions (a refusal, a store that cannot be reached) cross silos as themselves.
        silo.Services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("RelayNovel"));
        silo.AddRoleGrainClasses();
        return silo;
    }

    /// <summary>What a web node adds beside its silo: the fan-out of the rooms it shows.</summary>
    public static IServiceCollection AddRoomNode(this IServiceCollection services)
    {
        services.AddSingleton<RoomInterest>();
        services.AddSingleton<RoomEventRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<RoomEventRelay>());
        return services;
    }
}
