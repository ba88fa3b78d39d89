using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Api;

/// <summary>
/// SSE clients that drop and come back with <c>Last-Event-ID</c>, against the app's real endpoint: the room grain
/// numbers and stores every event, the stream relay brings them to this node.
/// </summary>
public sealed class RoomEventsResumeTests : IAsyncLifetime
{
    private static readonly RoomSettings OneWriter = new("이어 듣기", SeatPlan: [SeatKind.Human], TurnTimerSeconds: 0);

    private readonly RelayNovelAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Events_ReconnectWithLastEventId_GetsExactlyTheMissedEventsThenLiveOnesAndNoSnapshot()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, OneWriter, "민지");
        var client = _app.CreateClient();

        long lastId;
        await using (var first = await SseStream.GetAsync(client, $"/api/rooms/{room.Id}/events"))
        {
            await first.NextOfTypeAsync("snapshot");
            await Submit(room, "하나.");
            await first.NextOfTypeAsync("turnCommitted", match: e => Text(e) == "하나.");
            lastId = long.Parse(first.EventId!, System.Globalization.CultureInfo.InvariantCulture);
        }   // the client drops
        await Submit(room, "둘.");   // missed while away
        await Submit(room, "셋.");
        var missed = await _app.Store.ReadEventsAsync(room.Id, lastId, 1_000);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/rooms/{room.Id}/events");
        request.Headers.Add("Last-Event-ID", lastId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var again = await SseStream.OpenAsync(client, request);
        var seen = new List<JsonElement>();
        await again.NextOfTypeAsync("turnCommitted", seen, e => Text(e) == "셋.");
        var replayed = seen.Count;
        await Submit(room, "넷.");
        await again.NextOfTypeAsync("turnCommitted", seen, e => Text(e) == "넷.");

        var seqs = seen.Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(missed.Select(e => e.Seq).Where(s => s <= seqs[replayed - 1]), seqs.Take(replayed));   // exactly what was missed
        Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => lastId + 1 + i), seqs);   // then live: no gap, no repeat
        Assert.Equal(["둘.", "셋.", "넷."], seen.Where(e => Type(e) == "turnCommitted").Select(Text));
        Assert.DoesNotContain(seen, e => Type(e) == "snapshot");
    }

    [Fact]
    public async Task Events_OpenAfterEarlierEvents_SnapshotCarriesItsSeqAndLiveEventsContinueFromIt()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, OneWriter, "민지");
        await Submit(room, "이전.");

        await using var sse = await SseStream.GetAsync(_app.CreateClient(), $"/api/rooms/{room.Id}/events");
        var snapshot = await sse.NextOfTypeAsync("snapshot");
        await Submit(room, "다음.");
        var seen = new List<JsonElement>();
        await sse.NextOfTypeAsync("turnCommitted", seen, e => Text(e) == "다음.");

        var from = snapshot.GetProperty("seq").GetInt64();
        Assert.True(from > 0, "the snapshot says which events it already shows");
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => from + i), seen.Select(e => e.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task Events_EventPublishedInTheSameMillisecondBeforeTheSnapshot_IsNotSentAgainAfterIt()
    {
        // A stopped clock: every event is stamped in the snapshot's millisecond, which a timestamp rule cannot tell apart.
        _app.UseTime(new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 23, 0, 0, TimeSpan.Zero)));
        var room = await RoomSetup.CreateAsync(_app.Rooms, OneWriter, "민지");

        // Opening the stream connects a spectator, which publishes a presence event before the snapshot is read.
        await using var sse = await SseStream.GetAsync(_app.CreateClient(), $"/api/rooms/{room.Id}/events");
        var snapshot = await sse.NextOfTypeAsync("snapshot");
        await Submit(room, "다음.");
        var seen = new List<JsonElement>();
        await sse.NextOfTypeAsync("turnCommitted", seen);

        Assert.Equal(1, snapshot.GetProperty("room").GetProperty("spectatorCount").GetInt32());
        Assert.DoesNotContain(seen, e => Type(e) == "presence");
    }

    [Fact]
    public async Task Events_MalformedLastEventId_Returns400ProblemDetails()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/rooms/{room.Id}/events");
        request.Headers.Add("Last-Event-ID", "abc");

        var response = await _app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private Task Submit(RoomSetup room, string text) => _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), text);

    private static string? Type(JsonElement e) => e.GetProperty("type").GetString();

    private static string? Text(JsonElement e) =>
        e.TryGetProperty("turn", out var turn) ? turn.GetProperty("text").GetString() : null;
}
