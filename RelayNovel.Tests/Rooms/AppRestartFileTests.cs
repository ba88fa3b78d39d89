using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories.LiteDb;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Rooms;

/// <summary>
/// Stopping the app closes its LiteDB file before anyone reopens it. The app's Program disposes its services when
/// app.Run() returns, on its own thread; a restart or a reader that came first raced a still-open file ("ReadFull
/// must read PAGE_SIZE bytes").
/// </summary>
public sealed class AppRestartFileTests
{
    [Fact]
    public async Task StopTenTimes_TheFileIsClosedEachTimeAndHoldsEveryRoom()
    {
        using var data = new TempDirectory();
        for (var i = 0; i < 10; i++)
        {
            var app = RelayNovelAppFactory.On(data);
            Assert.Equal(i, app.Store.RoomCount());
            await app.Rooms.CreateAsync(new RoomSettings($"방 {i}"));
            await app.DisposeAsync();

            // Nothing in this process holds the file any more: an exclusive open succeeds at once.
            using var exclusive = File.Open(data.File("relaynovel.db"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
    }
}
