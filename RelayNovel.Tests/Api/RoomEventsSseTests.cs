using System.Net;
using System.Text.Json;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Api;

public sealed class RoomEventsSseTests : IAsyncLifetime
{
    private readonly RelayNovelAppFactory _app = new RelayNovelAppFactory().Set("RelayNovel:Api:HeartbeatSeconds", "1");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Events_UnknownRoom_Returns404ProblemDetails()
    {
        var response = await _app.CreateClient().GetAsync("/api/rooms/nosuchroomnosuchroomxx/events");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("NotFound", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Events_Open_StartsWithASnapshotOfTheRoom()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지");
        await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "기차가 멈췄다.", null);

        await using var sse = await SseStream.GetAsync(_app.CreateClient(), $"/api/rooms/{room.Id}/events");
        var first = await sse.NextAsync();

        Assert.Equal("text/event-stream", sse.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("snapshot", first.GetProperty("type").GetString());
        Assert.Equal(room.Id, first.GetProperty("roomId").GetString());
        Assert.Equal("기차가 멈췄다.", first.GetProperty("room").GetProperty("turns")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Events_TurnSubmitted_ArrivesAsTurnCommittedStampedWithServerTime()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지", "서준");
        await using var sse = await SseStream.GetAsync(_app.CreateClient(), $"/api/rooms/{room.Id}/events");
        await sse.NextOfTypeAsync("snapshot");

        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "눈이 내렸다.", null);
        var seen = new List<JsonElement>();
        var committed = await sse.NextOfTypeAsync("turnCommitted", seen);
        // `at` is the time this node published the event, which follows the submit's acknowledgement (the room's
        // stream delivers after the grain call returns), so the window closes when the event has arrived.
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.Equal("눈이 내렸다.", committed.GetProperty("turn").GetProperty("text").GetString());
        Assert.Equal("human", committed.GetProperty("turn").GetProperty("kind").GetString());
        Assert.InRange(committed.GetProperty("at").GetInt64(), before, after);
        var baton = await sse.NextOfTypeAsync("baton", seen);
        Assert.Equal(1, baton.GetProperty("seatIndex").GetInt32());
    }

    [Fact]
    public async Task Events_HolderTypes_DraftArrivesWithTheText()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지");
        await using var sse = await SseStream.GetAsync(_app.CreateClient(), $"/api/rooms/{room.Id}/events");
        await sse.NextOfTypeAsync("snapshot");

        await _app.Rooms.UpdateDraftAsync(room.Id, room.KeyOf(0), "바람이 분");
        var draft = await sse.NextOfTypeAsync("draft", match: e => e.GetProperty("text").GetString() == "바람이 분");

        Assert.Equal(0, draft.GetProperty("seatIndex").GetInt32());
    }

    [Fact]
    public async Task Events_StreamOpen_CountsAsASpectatorSeesPresenceAndLetsGoWhenTheClientLeaves()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지");
        var listeners = _app.Broadcaster.SubscriberCount(room.Id);

        var sse = await SseStream.GetAsync(_app.CreateClient(), $"/api/rooms/{room.Id}/events");
        var snapshot = await sse.NextOfTypeAsync("snapshot");
        Assert.Equal(1, snapshot.GetProperty("room").GetProperty("spectatorCount").GetInt32());
        Assert.Equal(listeners + 1, _app.Broadcaster.SubscriberCount(room.Id));
        await using (await _app.Rooms.ConnectAsync(room.Id, room.KeyOf(0)))
        {
            var presence = await sse.NextOfTypeAsync("presence", match: e => e.GetProperty("seats")[0].GetProperty("presence").GetString() == "seated");
            Assert.Equal(1, presence.GetProperty("spectatorCount").GetInt32());
        }
        await sse.DisposeAsync();

        await Deadline.UntilAsync(() => _app.Broadcaster.SubscriberCount(room.Id) == listeners, "the stream's subscription to be disposed");
        await Deadline.UntilAsync(async () => (await _app.Rooms.GetAsync(room.Id))!.SpectatorCount == 0, "the spectator to leave");
    }

    [Fact]
    public async Task Events_UndoAndGlossary_ArriveAsTurnWithdrawnAndGlossaryWithTheirFields()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지", "서준");
        await using var sse = await SseStream.GetAsync(_app.CreateClient(), $"/api/rooms/{room.Id}/events");
        await sse.NextOfTypeAsync("snapshot");

        await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "실수로 쓴 문장.", null);
        await _app.Rooms.UndoTurnAsync(room.Id, room.KeyOf(0));
        await _app.Rooms.UpdateGlossaryAsync(room.Id, room.Room.OwnerKey, [new GlossaryEntry("민지", "서점 주인.")]);
        var withdrawn = await sse.NextOfTypeAsync("turnWithdrawn");
        var glossary = await sse.NextOfTypeAsync("glossary");

        Assert.Equal("실수로 쓴 문장.", withdrawn.GetProperty("turn").GetProperty("text").GetString());
        Assert.True(withdrawn.GetProperty("turn").GetProperty("withdrawn").GetBoolean());
        Assert.Equal(0, withdrawn.GetProperty("seatIndex").GetInt32());
        Assert.Equal("서점 주인.", glossary.GetProperty("glossary")[0].GetProperty("line").GetString());
    }

    [Fact]
    public async Task Events_NothingHappens_HeartbeatCommentsKeepTheStreamOpen()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지");
        await using var sse = await SseStream.GetAsync(_app.CreateClient(), $"/api/rooms/{room.Id}/events");
        await sse.NextOfTypeAsync("snapshot");

        await sse.NextCommentAsync();
        await sse.NextCommentAsync();

        Assert.True(sse.Comments >= 2);
    }
}
