using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Api;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Api;

/// <summary>Hub clients resuming after a sequence number, and joins that do not wait on each other; real SignalR client, app on Kestrel.</summary>
public sealed class RoomHubResumeTests : IAsyncLifetime
{
    private readonly RoomEventStoreApp _app = new();
    private HubHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new HubHost(_app);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task JoinRoomAfter_LastSeq_SendsTheMissedEventsOnceThenLiveOnes()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지");
        var owner = await _app.OwnAsync(room.Id);
        await owner.PublishAsync(owner.Draft("하나"), owner.Draft("둘"), owner.Draft("셋"));
        var (hub, events) = await ConnectAsync();

        var joined = await hub.InvokeAsync<JsonElement>("JoinRoomAfter", room.Id, 1L);
        var replayed = await NumberedAsync(events, 2);
        await owner.PublishAsync(owner.Draft("넷"));
        var live = await NumberedAsync(events, 1);

        Assert.Equal(room.Id, joined.GetProperty("id").GetString());
        Assert.Equal([(2L, "둘"), (3L, "셋"), (4L, "넷")], [.. replayed, .. live]);
    }

    [Fact]
    public async Task JoinRoomAfter_NegativeSeq_FailsWithBadRequest()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지");
        var (hub, _) = await ConnectAsync();

        var ex = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("JoinRoomAfter", room.Id, -1L));

        Assert.Contains("BadRequest", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeaveRoom_ResumedFeed_HasStoppedSendingWhenLeaveReturns()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지");
        var listeners = _app.Broadcaster.SubscriberCount(room.Id);
        var (hub, _) = await ConnectAsync();
        await hub.InvokeAsync<JsonElement>("JoinRoomAfter", room.Id, 0L);

        await hub.InvokeAsync("LeaveRoom", room.Id);

        Assert.Equal(listeners, _app.Broadcaster.SubscriberCount(room.Id));
        Assert.Equal(0, _app.Rooms.Get(room.Id)!.SpectatorCount);
    }

    [Fact]
    public async Task JoinRoom_WhileAnotherRoomsJoinIsStuckInTheRoom_CompletesWithoutWaitingForIt()
    {
        var stuck = await RoomSetup.CreateAsync(_app.Rooms, null, "민지");
        var other = await RoomSetup.CreateAsync(_app.Rooms, null, "서준");
        using var entered = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        // The stuck room's presence change (written when a spectator connects) does not finish until released.
        using var hold = _app.Broadcaster.Subscribe(stuck.Id, e =>
        {
            if (e is PresenceChanged)
            {
                entered.Release();
                release.Wait(TimeSpan.FromSeconds(30));
            }
            return ValueTask.CompletedTask;
        });
        var (first, _) = await ConnectAsync();
        var (second, _) = await ConnectAsync();

        var stuckJoin = first.InvokeAsync<JsonElement>("JoinRoom", stuck.Id);
        Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(30)), "the first join reached the room");
        var otherJoin = second.InvokeAsync<JsonElement>("JoinRoom", other.Id);
        var done = await Task.WhenAny(otherJoin, Task.Delay(TimeSpan.FromSeconds(10)));
        release.Set();
        await stuckJoin;

        Assert.Same(otherJoin, done);   // before the fix, every join waited on one process-wide lock held around the write
    }

    private async Task<(HubConnection Hub, Channel<JsonElement> Events)> ConnectAsync()
    {
        var events = Channel.CreateUnbounded<JsonElement>();
        var hub = await _host.ConnectAsync(configure: h => h.On<JsonElement>(RoomHub.EventMethod, e => events.Writer.TryWrite(e)));
        return (hub, events);
    }

    /// <summary>The next <paramref name="count"/> numbered events (unnumbered ones, such as presence, are skipped) as (seq, text).</summary>
    private static async Task<List<(long, string?)>> NumberedAsync(Channel<JsonElement> events, int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var numbered = new List<(long, string?)>();
        while (numbered.Count < count)
        {
            var e = await events.Reader.ReadAsync(cts.Token);
            if (e.TryGetProperty("seq", out var seq))
            {
                numbered.Add((seq.GetInt64(), e.GetProperty("text").GetString()));
            }
        }
        return numbered;
    }
}
