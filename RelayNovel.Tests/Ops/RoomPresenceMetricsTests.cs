using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Hosting;

namespace RelayNovel.Tests.Ops;

/// <summary>
/// Issue 13: presence is counted once. Each open room page holds one presence in its room (RoomClient.ConnectAsync,
/// followed by the circuit's <see cref="CircuitRoomPresence"/>), and /metrics' circuits and active rooms are derived
/// from those same presences rather than counted a second time from the page's address.
/// </summary>
public sealed class RoomPresenceMetricsTests
{
    [Fact]
    public async Task CircuitActivity_PagesOpenDropReturnAndClose_EachRoomCountedWhileOneOfItsPagesIsConnected()
    {
        using var app = new RelayNovelAppFactory();
        var activity = app.Services.GetRequiredService<CircuitActivity>();
        var first = await RoomSetup.CreateAsync(app.Rooms, null, "민지");
        var second = await RoomSetup.CreateAsync(app.Rooms, null, "서준");
        var (a, b, c) = (new CircuitRoomPresence(activity), new CircuitRoomPresence(activity), new CircuitRoomPresence(activity));
        foreach (var circuit in new[] { a, b, c })
        {
            await circuit.OnConnectionUpAsync(null!, CancellationToken.None);
        }
        (int Circuits, int Rooms) Seen() => (activity.Connected, activity.ActiveRooms);

        var writer = await a.TrackAsync(await app.Rooms.ConnectAsync(first.Id, first.KeyOf(0)));
        await using var watcher = await b.TrackAsync(await app.Rooms.ConnectAsync(first.Id, null));
        await using var other = await c.TrackAsync(await app.Rooms.ConnectAsync(second.Id, null));
        var open = Seen();
        await a.OnConnectionDownAsync(null!, CancellationToken.None);
        var writerDown = Seen();
        await b.OnConnectionDownAsync(null!, CancellationToken.None);
        var bothDown = Seen();
        await a.OnConnectionUpAsync(null!, CancellationToken.None);
        var writerBack = Seen();
        await writer.DisposeAsync();
        var writerClosed = Seen();
        await c.OnCircuitClosedAsync(null!, CancellationToken.None);
        await other.DisposeAsync();   // the page goes after its circuit: not counted off twice
        var otherClosed = Seen();

        Assert.Equal((3, 2), open);
        Assert.Equal((2, 2), writerDown);     // the watcher still shows the first room
        Assert.Equal((1, 1), bothDown);
        Assert.Equal((2, 2), writerBack);
        Assert.Equal((2, 1), writerClosed);   // circuit a is still connected, on no room page
        Assert.Equal((1, 0), otherClosed);
    }
}
