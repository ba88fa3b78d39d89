using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Api;

namespace RelayNovel.Tests.Api;

/// <summary>The room hub through the real SignalR client, over WebSockets to the app on Kestrel.</summary>
public sealed class RoomHubTests : IAsyncLifetime
{
    private readonly RelayNovelAppFactory _app = new();
    private HubHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new HubHost(_app);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task JoinRoom_ReturnsTheRoomThenEveryTurnArrivesAsARoomEvent()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지", "서준");
        var (hub, events) = await ConnectAsync();

        var joined = await hub.InvokeAsync<JsonElement>("JoinRoom", room.Id);
        await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "안개가 걷혔다.", null);
        var committed = await NextOfTypeAsync(events, "turnCommitted");

        Assert.Equal(room.Id, joined.GetProperty("id").GetString());
        Assert.Equal("민지", joined.GetProperty("seats")[0].GetProperty("name").GetString());
        Assert.Equal("안개가 걷혔다.", committed.GetProperty("turn").GetProperty("text").GetString());
        Assert.Equal(room.Id, committed.GetProperty("roomId").GetString());
        Assert.True(committed.GetProperty("at").GetInt64() > 0);
    }

    [Fact]
    public async Task RoomEvent_SameEventOverHubAndSse_HasTheSameJson()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지", "서준");
        var (hub, events) = await ConnectAsync();
        await hub.InvokeAsync<JsonElement>("JoinRoom", room.Id);
        await using var sse = await SseStream.GetAsync(_app.CreateClient(), $"/api/rooms/{room.Id}/events");
        await sse.NextOfTypeAsync("snapshot");

        await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "종이 울렸다.", null);
        var overHub = await NextOfTypeAsync(events, "turnCommitted");
        var overSse = await sse.NextOfTypeAsync("turnCommitted");

        Assert.Equal(WithoutStamp(overSse), WithoutStamp(overHub));
        Assert.Equal(JsonValueKind.Number, overHub.GetProperty("at").ValueKind);
    }

    [Fact]
    public async Task SubmitTurn_BatonHolder_CommitsAndReturnsTheTurn()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지", "서준");
        var (hub, _) = await ConnectAsync();

        var turn = await hub.InvokeAsync<JsonElement>("SubmitTurn", room.Id, room.KeyOf(0), "문이 열렸다.");

        Assert.Equal("human", turn.GetProperty("kind").GetString());
        Assert.Equal("문이 열렸다.", Assert.Single((await _app.Rooms.GetAsync(room.Id))!.Turns).Text);
    }

    [Fact]
    public async Task SubmitTurn_NotYourTurn_FailsWithTheReasonAndStoresNothing()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지", "서준");
        var (hub, _) = await ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("SubmitTurn", room.Id, room.KeyOf(1), "새치기"));

        Assert.Contains("NotYourTurn", error.Message);
        Assert.Contains("민지", error.Message);
        Assert.Empty((await _app.Rooms.GetAsync(room.Id))!.Turns);
    }

    [Fact]
    public async Task UpdateDraft_BatonHolder_ReachesFollowersAsADraftEventAndOthersAreIgnored()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지", "서준");
        var (writer, _) = await ConnectAsync();
        var (reader, events) = await ConnectAsync();
        await reader.InvokeAsync<JsonElement>("JoinRoom", room.Id);

        await writer.InvokeAsync("UpdateDraft", room.Id, room.KeyOf(1), "새치기");
        await writer.InvokeAsync("UpdateDraft", room.Id, room.KeyOf(0), "안개가 걷혔다");
        var draft = await NextOfTypeAsync(events, "draft");

        Assert.Equal("안개가 걷혔다", draft.GetProperty("text").GetString());
        Assert.Equal(0, draft.GetProperty("seatIndex").GetInt32());
        Assert.Equal("안개가 걷혔다", (await _app.Rooms.GetAsync(room.Id))!.CurrentDraft);
    }

    [Fact]
    public async Task JoinRoom_UnknownRoom_FailsWithNotFound()
    {
        var (hub, _) = await ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("JoinRoom", "nosuchroomnosuchroomxx"));

        Assert.Contains("NotFound", error.Message);
    }

    [Fact]
    public async Task Disconnect_LastClientOfARoom_EndsTheRoomFeedAndItsPresence()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지");
        var feeds = _app.Services.GetRequiredService<RoomHubFeeds>();
        var listeners = _app.Broadcaster.SubscriberCount(room.Id);
        var (first, _) = await ConnectAsync();
        var (second, _) = await ConnectAsync();
        await first.InvokeAsync<JsonElement>("JoinRoom", room.Id);
        await second.InvokeAsync<JsonElement>("JoinRoom", room.Id);
        Assert.Equal((1, listeners + 1, 2), (feeds.FeedCount, _app.Broadcaster.SubscriberCount(room.Id), (await _app.Rooms.GetAsync(room.Id))!.SpectatorCount));

        await first.StopAsync();
        await Deadline.UntilAsync(async () => (await _app.Rooms.GetAsync(room.Id))!.SpectatorCount == 1, "the first client to leave");
        Assert.Equal(1, feeds.FeedCount);
        await second.StopAsync();

        await Deadline.UntilAsync(() => feeds.FeedCount == 0 && _app.Broadcaster.SubscriberCount(room.Id) == listeners,
            "the room feed to end with its last client");
        Assert.Equal(0, (await _app.Rooms.GetAsync(room.Id))!.SpectatorCount);
    }

    private async Task<(HubConnection Hub, Channel<JsonElement> Events)> ConnectAsync()
    {
        var events = Channel.CreateUnbounded<JsonElement>();
        var hub = await _host.ConnectAsync(configure: h => h.On<JsonElement>(RoomHub.EventMethod, e => events.Writer.TryWrite(e)));
        return (hub, events);
    }

    private static async Task<JsonElement> NextOfTypeAsync(Channel<JsonElement> events, string type)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var e = await events.Reader.ReadAsync(cts.Token);
            if (e.GetProperty("type").GetString() == type)
            {
                return e;
            }
        }
    }

    private static string WithoutStamp(JsonElement e) =>
        string.Join(",", e.EnumerateObject().Where(p => p.Name != "at").Select(p => $"{p.Name}={p.Value.GetRawText()}"));
}
