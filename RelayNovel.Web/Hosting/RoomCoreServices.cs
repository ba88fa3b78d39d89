using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Feeds;
using RelayNovel.Web.Rooms.Generation;
using RelayNovel.Web.Rooms.Grains;
using RelayNovel.Web.Rooms.Machine;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// The services a node needs to own and show rooms, without the web front: options, clock, store, model and engine,
/// the local fan-out and the stream relay. The web app adds them beside its pages; the tests' in-process clusters add
/// them to each silo.
/// </summary>
public static class RoomCoreServices
{
    /// <summary>
    /// The key of the clock the room rules read, when it is not the app's (tests give the rooms a fake clock this way:
    /// the silo itself keeps real time, or its own timers, stream agents among them, would stop).
    /// </summary>
    public const string RoomTimeKey = "rooms";

    public static IServiceCollection AddRoomCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RelayNovelOptions>()
            .Bind(configuration.GetSection(RelayNovelOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new BatchScheduler(
            sp.GetRequiredService<IOptions<RelayNovelOptions>>().Value.EngineOptions(),
            sp.GetRequiredService<ILogger<BatchScheduler>>()));
        services.AddSingleton<AiModel>();
        services.AddModelBackends(configuration);
        services.AddGenerationForRole(NodeRoles.Of(configuration));   // the local engine, or the inference nodes'
        services.AddSingleton<RoomBroadcaster>();
        services.AddRoomNode();
        return services;
    }

    /// <summary>
    /// The room grains' services and this node's client of them. The grains read and write through the registered
    /// <see cref="IStoryStore"/>: one store for the whole cluster.
    /// </summary>
    public static IServiceCollection AddRoomGrains(this IServiceCollection services)
    {
        services.TryAddSingleton<RoomEventCodec>();
        services.TryAddSingleton<HostedRooms>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RelayNovelOptions>>().Value;
            var time = sp.GetKeyedService<TimeProvider>(RoomTimeKey) ?? sp.GetRequiredService<TimeProvider>();
            return new RoomMachine(RoomRules.From(options), time,
                new RandomSeedSource(options.AiSeed), sp.GetRequiredService<IStoryStore>().SizeOf);
        });
        services.AddSingleton<RoomClient>();
        return services;
    }
}
