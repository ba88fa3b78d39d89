using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Api;

/// <summary>
/// SSE clients that drop and come back with <c>Last-Event-ID</c>, against the app's real endpoint, store and
/// broadcaster; the test numbers, stores and publishes events as the room's owner does.
/// </summary>
public sealed class RoomEventsResumeTests : IAsyncLifetime
{
    private readonly RoomEventStoreApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Events_ReconnectWithLastEventId_GetsExactlyTheMissedEventsThenLiveOnesAndNoSnapshot()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지");
        var owner = await _app.OwnAsync(room.Id);
        var client = _app.CreateClient();

        string? lastId;
        await using (var first = await SseStream.GetAsync(client, $"/api/rooms/{room.Id}/events"))
        {
            await first.NextOfTypeAsync("snapshot");
            await owner.PublishAsync(owner.Draft("하나"), owner.Draft("둘"));
            await first.NextOfTypeAsync("draft", match: e => e.GetProperty("text").GetString() == "둘");
            lastId = first.EventId;
        }   // the client drops
        await owner.PublishAsync(owner.Draft("셋"), owner.Draft("넷"));   // missed while away

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/rooms/{room.Id}/events");
        request.Headers.Add("Last-Event-ID", lastId);
        await using var again = await SseStream.OpenAsync(client, request);
        var seen = new List<JsonElement>();
        var replayed = new List<(string? Id, string? Text)>();
        while (replayed.Count < 2)
        {
            var e = await again.NextAsync();
            seen.Add(e);
            if (e.TryGetProperty("seq", out _))
            {
                replayed.Add((again.EventId, e.GetProperty("text").GetString()));
            }
        }
        await owner.PublishAsync(owner.Draft("다섯"));
        var live = await again.NextOfTypeAsync("draft", seen);

        Assert.Equal("2", lastId);
        Assert.Equal([("3", "셋"), ("4", "넷")], replayed);
        Assert.Equal("다섯", live.GetProperty("text").GetString());
        Assert.Equal("5", again.EventId);
        Assert.Equal(5, live.GetProperty("seq").GetInt64());
        Assert.DoesNotContain(seen, e => e.GetProperty("type").GetString() == "snapshot");
    }

    [Fact]
    public async Task Events_OpenAfterNumberedEvents_SnapshotCarriesNoOlderEventAgainAndLiveOnesFollowInOrder()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지");
        var owner = await _app.OwnAsync(room.Id);
        await owner.PublishAsync(owner.Draft("이전"));

        await using var sse = await SseStream.GetAsync(_app.CreateClient(), $"/api/rooms/{room.Id}/events");
        await sse.NextOfTypeAsync("snapshot");
        await owner.PublishAsync(owner.Draft("a"), owner.Draft("b"));
        var seen = new List<JsonElement>();
        await sse.NextOfTypeAsync("draft", seen, e => e.GetProperty("text").GetString() == "b");

        Assert.Equal([2L, 3L], seen.Where(e => e.TryGetProperty("seq", out _)).Select(e => e.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task Events_EventPublishedInTheSameMillisecondBeforeTheSnapshot_IsNotSentAgainAfterIt()
    {
        // A stopped clock: every event is stamped in the snapshot's millisecond, which a timestamp rule cannot tell apart.
        _app.UseTime(new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 23, 0, 0, TimeSpan.Zero)));
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지");
        var owner = await _app.OwnAsync(room.Id);

        // Opening the stream connects a spectator, which publishes a presence event before the snapshot is read.
        await using var sse = await SseStream.GetAsync(_app.CreateClient(), $"/api/rooms/{room.Id}/events");
        var snapshot = await sse.NextOfTypeAsync("snapshot");
        await owner.PublishAsync(owner.Draft("다음"));
        var seen = new List<JsonElement>();
        await sse.NextOfTypeAsync("draft", seen);

        Assert.Equal(1, snapshot.GetProperty("room").GetProperty("spectatorCount").GetInt32());
        Assert.DoesNotContain(seen, e => e.GetProperty("type").GetString() == "presence");
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
}
