using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Tests.Rooms.Feeds;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.LiteDb;

namespace RelayNovel.Tests.Api;

/// <summary>
/// The app with a LiteDB event log registered as its <see cref="IStoryStore"/> (the room grain will write it; until
/// then the test acts as the room's owner through <see cref="OwnAsync"/>).
/// </summary>
public sealed class RoomEventStoreApp : RelayNovelAppFactory
{
    private readonly TempDirectory _events = new();

    public IStoryStore Store => Services.GetRequiredService<IStoryStore>();

    /// <summary>Takes the part of the owner of a room the app already holds: stores it, then numbers, stores and publishes its events.</summary>
    public Task<RoomOwner> OwnAsync(string roomId) => RoomOwner.CreateAsync(Store, Broadcaster, roomId);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.AddSingleton<IStoryStore>(_ => new LiteDbStoryStore(_events.File("events.db"))));
    }

    public override async ValueTask DisposeAsync()
    {
        var store = Services.GetService<IStoryStore>() as LiteDbStoryStore;
        await base.DisposeAsync();
        if (store is not null)
        {
            await store.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        }
        _events.Dispose();
    }
}
