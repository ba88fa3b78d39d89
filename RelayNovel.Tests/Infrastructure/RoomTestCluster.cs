using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Serialization;
using Orleans.TestingHost;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.LiteDb;

namespace RelayNovel.Tests.Infrastructure;

/// <summary>
/// Orleans' in-process test cluster with the app's room runtime: each silo is a node as the web app co-hosts one,
/// with its own fan-out (<see cref="RoomBroadcaster"/>, stream relay), model and engine. The silos share one
/// <see cref="LiteDbStoryStore"/> on a temporary file, as the nodes of a cluster share one database.
/// <see cref="Node"/> reaches a silo's services, as the pages and API of that node do.
/// </summary>
public sealed class RoomTestCluster : IAsyncDisposable
{
    private readonly TempDirectory _data;
    private readonly LiteDbStoryStore _store;

    private RoomTestCluster(InProcessTestCluster cluster, TempDirectory data, LiteDbStoryStore store)
    {
        Cluster = cluster;
        _data = data;
        _store = store;
    }

    public InProcessTestCluster Cluster { get; }

    /// <summary>The store every silo's grains read and write.</summary>
    public IStoryStore Store => _store;

    public string DataPath => _data.Path;

    /// <summary>
    /// Starts <paramref name="silos"/> silos; <paramref name="modelPath"/> null = no model (AI seats skipped).
    /// <paramref name="siloSettings"/> gives a silo settings of its own by its index (0 = the first; silos started later
    /// go on counting), over the shared ones: a node's role (<c>RelayNovel:Cluster:Role</c>) and model.
    /// </summary>
    public static async Task<RoomTestCluster> StartAsync(int silos = 2, string? modelPath = null,
        Action<IServiceCollection>? services = null, Func<int, IReadOnlyDictionary<string, string?>>? siloSettings = null)
    {
        var data = new TempDirectory();
        var store = new LiteDbStoryStore(Path.Combine(data.Path, "relaynovel.db"));
        var settings = new Dictionary<string, string?>
        {
            ["RelayNovel:DataPath"] = Path.Combine(data.Path, "single-node.db"),   // the old single-node store; the grains use the shared one
            ["RelayNovel:ModelPath"] = modelPath ?? Path.Combine(data.Path, "no-model"),
            ["RelayNovel:ExecutionProvider"] = "Cpu",
            ["RelayNovel:AiSeed"] = "1234",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((_, silo) => silo.AddRoomRuntime());
        builder.ConfigureSiloHost((options, host) =>
        {
            host.Configuration.AddInMemoryCollection(settings);
            if (siloSettings is not null)
            {
                host.Configuration.AddInMemoryCollection(siloSettings(SiloIndex(options.SiloName)));
            }
            host.Services.AddRoomCore(host.Configuration);
            host.Services.AddRoomGrains().AddSingleton<IStoryStore>(store);
            services?.Invoke(host.Services);
        });
        builder.ConfigureClient(client => client.Services.AddSerializer(s => s.AddRoomValues()));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            store.Dispose();
            data.Dispose();
            throw;
        }
        return new RoomTestCluster(cluster, data, store);
    }

    /// <summary>The in-process test host names its silos "Silo_0", "Silo_1"… in start order.</summary>
    private static int SiloIndex(string siloName) =>
        int.Parse(siloName[(siloName.LastIndexOf('_') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The services of silo <paramref name="index"/> (0 = the first started).</summary>
    public IServiceProvider Node(int index) => Cluster.Silos[index].ServiceProvider;

    public T Service<T>(int node) where T : notnull => Node(node).GetRequiredService<T>();

    public IGrainFactory Grains(int node) => Service<IGrainFactory>(node);

    /// <summary>The rooms as node <paramref name="node"/>'s pages and API use them.</summary>
    public RoomClient Rooms(int node) => Service<RoomClient>(node);

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        _store.Dispose();
        _data.Dispose();
    }
}
