using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Npgsql;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.LiteDb;
using RelayNovel.Web.Stories.Postgres;

namespace RelayNovel.Tests.Stories;

/// <summary>Issue 14: <c>RelayNovel:Store</c> picks the node's store, and a store setting that cannot work stops the app at start.</summary>
public sealed class StoryStoreServicesTests : IDisposable
{
    private readonly TempDirectory _root = new();

    [Fact]
    public async Task AddStoryStore_NoStoreSetting_RegistersTheLiteDbFileUnderTheContentRoot()
    {
        await using var services = Build([]);

        var store = Assert.IsType<LiteDbStoryStore>(services.GetRequiredService<IStoryStore>());

        Assert.Equal(Path.Combine(_root.Path, "data", "relaynovel.db"), store.FilePath);
    }

    [Fact]
    public async Task AddStoryStore_PostgresWithAConnection_CreatesTheSchemaAtStartAndStoresRooms()
    {
        var connection = PostgresServer.Shared.Database("services-" + Guid.NewGuid().ToString("N"));
        await using var services = Build(new() { ["RelayNovel:Store"] = "postgres", ["RelayNovel:PostgresConnection"] = connection });

        services.GetRequiredService<IStartupValidator>().Validate();
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
        var store = Assert.IsType<PostgresStoryStore>(services.GetRequiredService<IStoryStore>());

        Assert.Equal([1], store.AppliedSchemaSteps);
        await store.CreateAsync(new RoomRecord { Id = "room-services01" }, []);
        Assert.Equal(1L, (await store.LoadAsync("room-services01"))!.Version);
    }

    [Fact]
    public async Task AddStoryStore_PostgresNobodyListensOn_FailsTheHostsStart()
    {
        var unreachable = $"Host=127.0.0.1;Port={FreePorts.Next()};Username=postgres;Database=postgres;Timeout=5";
        await using var services = Build(new() { ["RelayNovel:Store"] = "postgres", ["RelayNovel:PostgresConnection"] = unreachable });
        var startup = Assert.Single(services.GetServices<IHostedService>().OfType<StoryStoreStartup>());

        await Assert.ThrowsAsync<NpgsqlException>(() => startup.StartAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("postgres", null, "RelayNovel:PostgresConnection is empty")]
    [InlineData("Postgres", " ", "RelayNovel:PostgresConnection is empty")]
    [InlineData("postgres", "Host=127.0.0.1;Colour=blue", "RelayNovel:PostgresConnection is not an Npgsql connection string")]
    [InlineData("mongodb", null, "RelayNovel:Store is \"mongodb\": it must be \"litedb\" (the default) or \"postgres\"")]
    public async Task AddStoryStore_StoreSettingThatCannotWork_FailsAtStartWithAClearMessage(string store, string? connection, string message)
    {
        await using var services = Build(new() { ["RelayNovel:Store"] = store, ["RelayNovel:PostgresConnection"] = connection });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Dispose();

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = _root.Path });
        services.AddStoryStore(configuration);
        return services.BuildServiceProvider();
    }
}
