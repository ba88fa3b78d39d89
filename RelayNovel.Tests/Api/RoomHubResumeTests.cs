using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Api;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Feeds;

namespace RelayNovel.Tests.Api;

/// <summary>Hub clients resuming after a sequence number, and joins that do not wait on each other; real SignalR client, app on Kestrel.</summary>
public sealed class RoomHubResumeTests : IAsyncLifetime
{
    private static readonly RoomSettings OneWriter = new("이어 듣기", SeatPlan: [SeatKind.Human], TurnTimerSeconds: 0);

    private readonly RelayNovelAppFactory _app = new();
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
        var room = await RoomSetup.CreateAsync(_app.Rooms, OneWriter, "민지");
        foreach (var text in new[] { "하나.", "둘.", "셋." })
        {
            await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), text);
        }
        var stored = await _app.Store.ReadEventsAsync(room.Id, 0, 1_000);
        var codec = new RoomEventCodec();
        var lastSeq = stored.First(e => codec.Decode(e) is TurnCommitted { Turn.Text: "하나." }).Seq;
        var (hub, events) = await ConnectAsync();

        var joined = await hub.InvokeAsync<JsonElement>("JoinRoomAfter", room.Id, lastSeq);
        var replayed = await NumberedUntilAsync(events, "셋.");
        await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "넷.");
        var live = await NumberedUntilAsync(events, "넷.");
        List<(long Seq, string? Text)> all = [.. replayed, .. live];

        Assert.Equal(room.Id, joined.GetProperty("id").GetString());
        Assert.Equal(stored.Where(e => e.Seq > lastSeq && e.Seq <= replayed[^1].Seq).Select(e => e.Seq), replayed.Select(e => e.Seq));   // exactly the missed ones
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => lastSeq + i), all.Select(e => e.Seq));   // then live: no gap, no repeat
        Assert.Equal(["둘.", "셋.", "넷."], all.Select(e => e.Text).OfType<string>());
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
        Assert.Equal(0, (await _app.Rooms.GetAsync(room.Id))!.SpectatorCount);
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

    /// <summary>Events as (seq, committed turn's text or null) up to the commit of <paramref name="text"/>.</summary>
    private static async Task<List<(long Seq, string? Text)>> NumberedUntilAsync(Channel<JsonElement> events, string text)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var numbered = new List<(long, string?)>();
        while (true)
        {
            var e = await events.Reader.ReadAsync(cts.Token);
            var committed = e.GetProperty("type").GetString() == "turnCommitted" ? e.GetProperty("turn").GetProperty("text").GetString() : null;
            numbered.Add((e.GetProperty("seq").GetInt64(), committed));
            if (committed == text)
            {
                return numbered;
            }
        }
    }
}
