using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Rooms;

/// <summary>A circuit whose browser connection drops shows its person disconnected at once, and seated again on reconnect.</summary>
public sealed class CircuitRoomPresenceTests
{
    [Fact]
    public async Task ConnectionDown_SeatShowsDisconnectedAtOnce_UpShowsSeatedAgain_DisposeLeaves()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지");
        var circuit = new CircuitRoomPresence(app.Services.GetRequiredService<CircuitActivity>());
        var presence = await circuit.TrackAsync(await app.Rooms.ConnectAsync(room.Id, room.KeyOf(0)));
        async Task<PresenceState> Seat0() => (await app.Rooms.GetAsync(room.Id))!.Seats[0].Presence;
        var connected = await Seat0();

        await circuit.OnConnectionDownAsync(null!, CancellationToken.None);
        var down = await Seat0();
        await circuit.OnConnectionDownAsync(null!, CancellationToken.None);   // a second drop changes nothing
        await circuit.OnConnectionUpAsync(null!, CancellationToken.None);
        var up = await Seat0();
        await circuit.OnConnectionUpAsync(null!, CancellationToken.None);
        await presence.DisposeAsync();
        var gone = await Seat0();
        await circuit.OnConnectionUpAsync(null!, CancellationToken.None);   // a disposed presence never comes back

        Assert.Equal((PresenceState.Seated, PresenceState.Disconnected, PresenceState.Seated, PresenceState.Disconnected),
            (connected, down, up, gone));
        Assert.Equal(PresenceState.Disconnected, await Seat0());
    }

    [Fact]
    public async Task PresenceTrackedWhileDown_StartsPaused()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지");
        var circuit = new CircuitRoomPresence(app.Services.GetRequiredService<CircuitActivity>());
        await circuit.OnConnectionDownAsync(null!, CancellationToken.None);

        await using var presence = await circuit.TrackAsync(await app.Rooms.ConnectAsync(room.Id, room.KeyOf(0)));

        Assert.Equal(PresenceState.Disconnected, (await app.Rooms.GetAsync(room.Id))!.Seats[0].Presence);
        await circuit.OnConnectionUpAsync(null!, CancellationToken.None);
        Assert.Equal(PresenceState.Seated, (await app.Rooms.GetAsync(room.Id))!.Seats[0].Presence);
    }
}
