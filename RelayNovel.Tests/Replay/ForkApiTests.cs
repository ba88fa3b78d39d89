using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Replay;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Replay;

/// <summary>
/// Issue 15, fork from any turn: <c>POST /api/rooms/{id}/fork</c> on a room imported with exact timings (typed drafts,
/// AI chunks with an alternative, a withdrawn and a skipped turn) makes a room holding the history up to that turn.
/// </summary>
public sealed class ForkApiTests(RelayNovelAppFactory app) : IClassFixture<RelayNovelAppFactory>
{
    private const int LastTurn = 6;
    private const int WithdrawnTurn = 3;
    private readonly RelayNovelAppFactory _app = app;
    private readonly HttpClient _client = app.CreateClient();

    /// <summary>Ends at the AI seat, so each fork point used here hands the baton to a person (nothing writes on its own).</summary>
    private static HistoryBuilder Story() => new HistoryBuilder()
        .Human(0, "민지", 2_000, (0, "비"), (400, "비가"), (1_500, "비가 내렸다."))
        .Human(1, "서준", 1_200, (100, "우산"), (900, "우산은 없었다."))
        .Ai(2, (100, " 용이"), (250, " 나타"), (600, "났다."))
        .Alternative("고양이가 울었다.", AlternativeOrigin.Retry)
        .Human(0, "민지", 800, (300, "잘못 쓴 문장.")).Withdraw()
        .Human(0, "민지", 1_500, (200, "동굴"), (700, "동굴로 갔다."))
        .Skipped(1, "서준", "그리고", 3_000)
        .Ai(2, (50, " 끝"), (300, "이었다."));

    private static RoomSettings Settings() => new("갈래 길", "비 오는 역", "짧은 문장으로.",
        SeatPlan: [SeatKind.Human, SeatKind.Human, SeatKind.Ai], MinTurnChars: 2, MaxTurnChars: 500, TurnTimerSeconds: 0);

    private async Task<RoomCreated> ImportSourceAsync() =>
        await _app.Rooms.ImportAsync(Settings(), [.. Story().Turns], [new GlossaryEntry("용", "동굴에 사는 늙은 용")]);

    private async Task<JsonElement> ForkAsync(string roomId, int turnIndex)
    {
        var response = await _client.PostAsJsonAsync($"/api/rooms/{roomId}/fork", new { turnIndex });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/rooms/{created.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
        return created;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(LastTurn)]
    public async Task Fork_AtTurn_NewOwnedRoomHoldsTheHistoryUpToThatTurnWithEmptySeats(int turnIndex)
    {
        var source = await ImportSourceAsync();
        var sourceHistory = (await _app.Rooms.HistoryAsync(source.RoomId))!;

        var created = await ForkAsync(source.RoomId, turnIndex);

        var forkId = created.GetProperty("id").GetString()!;
        var ownerKey = created.GetProperty("ownerKey").GetString()!;
        Assert.NotEqual(source.RoomId, forkId);
        Assert.EndsWith($"/rooms/{forkId}", created.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.True(await _app.Rooms.IsOwnerAsync(forkId, ownerKey));
        Assert.False(await _app.Rooms.IsOwnerAsync(forkId, source.OwnerKey));
        var fork = (await _app.Rooms.HistoryAsync(forkId))!;
        Assert.Equal(sourceHistory.Turns.Take(turnIndex + 1).Select(Stored), fork.Turns.Select(Stored));
        Assert.All(fork.Turns, t => Assert.Equal((forkId, TurnRecord.MakeId(forkId, t.Index)), (t.RoomId, t.Id)));
        Assert.Equal(Json(sourceHistory.Room.Settings), Json(fork.Room.Settings));
        Assert.Equal(("비 오는 역", "짧은 문장으로."), (fork.Room.Settings.Premise, fork.Room.Settings.AuthorNote));
        Assert.Equal(Json(sourceHistory.Room.Glossary), Json(fork.Room.Glossary));
        Assert.All(fork.Room.Seats.Where(s => s.Kind == SeatKind.Human), s => Assert.Null(s.Name));
        Assert.Empty((await _app.Store.StoredRoomAsync(forkId)).Participants);
        Assert.Equal(new ForkOrigin(source.RoomId, turnIndex), fork.Room.ForkedFrom);
        var after = (await _app.Rooms.HistoryAsync(source.RoomId))!;   // the source is untouched, its live turns too
        Assert.Equal(LastTurn + 1, after.Turns.Count);
        Assert.All(after.Turns, t => Assert.Equal((source.RoomId, TurnRecord.MakeId(source.RoomId, t.Index)), (t.RoomId, t.Id)));
        Assert.Null((await _app.Rooms.GetAsync(source.RoomId))!.ForkedFrom);
    }

    [Fact]
    public async Task Fork_ChapterMarks_TheForkKeepsTheMarksOnItsInheritedTurns()
    {
        var source = await ImportSourceAsync();
        await _app.Rooms.MarkChapterAsync(source.RoomId, source.OwnerKey, 1, "우산 없는 밤");
        await _app.Rooms.MarkChapterAsync(source.RoomId, source.OwnerKey, 4, null);

        var forkId = (await ForkAsync(source.RoomId, 2)).GetProperty("id").GetString()!;

        Assert.Equal([new ChapterMark(1, "우산 없는 밤")], (await _app.Rooms.GetAsync(forkId))!.Chapters);
        Assert.Equal(2, (await _app.Rooms.GetAsync(source.RoomId))!.Chapters.Count);
    }

    [Fact]
    public async Task Fork_OfAFork_PointsAtItsImmediateSourceAndHoldsThatPrefix()
    {
        var source = await ImportSourceAsync();
        var first = (await ForkAsync(source.RoomId, 4)).GetProperty("id").GetString()!;

        var second = (await ForkAsync(first, 2)).GetProperty("id").GetString()!;

        var history = (await _app.Rooms.HistoryAsync(second))!;
        Assert.Equal(new ForkOrigin(first, 2), history.Room.ForkedFrom);
        Assert.Equal(new ForkOrigin(source.RoomId, 4), (await _app.Rooms.GetAsync(first))!.ForkedFrom);
        Assert.Equal((await _app.Rooms.HistoryAsync(source.RoomId))!.Turns.Take(3).Select(Stored), history.Turns.Select(Stored));
        var read = (await _client.GetFromJsonAsync<JsonElement>($"/api/rooms/{second}")).GetProperty("forkedFrom");
        Assert.Equal((first, 2), (read.GetProperty("roomId").GetString(), read.GetProperty("turnIndex").GetInt32()));
        // The fork goes on as a room of its own: a newcomer takes the baton's seat and writes after the inherited turns.
        var joined = await _app.Rooms.JoinAsync(second, "지우", null, spectate: false);
        var next = await _app.Rooms.SubmitTurnAsync(second, joined.ParticipantKey, "새 갈래의 첫 문장.");
        Assert.Equal((3, 0), (next.Index, next.SeatIndex));
    }

    [Fact]
    public async Task Fork_Replay_PlaysTheInheritedTurnsAtTheirOriginalTimings()
    {
        var source = await ImportSourceAsync();
        const int at = 4;

        var forkId = (await ForkAsync(source.RoomId, at)).GetProperty("id").GetString()!;

        var original = new ReplayTimeline((await _app.Rooms.HistoryAsync(source.RoomId))!.Turns);
        var forked = new ReplayTimeline((await _app.Rooms.HistoryAsync(forkId))!.Turns);
        Assert.Equal(at + 1, forked.Turns.Count);
        Assert.Equal(original.EndOf(at), forked.TotalMs);
        for (var i = 0; i <= at; i++)
        {
            var (a, b) = (original.Turns[i], forked.Turns[i]);
            Assert.Equal((a.StartMs, a.EndMs, a.StartedAt, a.EndedAt, a.Kind, a.Withdrawn), (b.StartMs, b.EndMs, b.StartedAt, b.EndedAt, b.Kind, b.Withdrawn));
        }
        var sourceTurns = (await _app.Rooms.HistoryAsync(source.RoomId))!.Turns;
        var forkTurns = (await _app.Rooms.HistoryAsync(forkId))!.Turns;
        for (var i = 0; i <= at; i++)
        {
            var (a, b) = (ReplayFrames.For(sourceTurns[i]), ReplayFrames.For(forkTurns[i]));
            Assert.Equal(a.Times, b.Times);
            Assert.Equal(a.Texts, b.Texts);
        }
        for (var position = 0L; position <= forked.TotalMs; position += 50)
        {
            Assert.Equal(original.StoryTextAt(position), forked.StoryTextAt(position));
        }
    }

    [Theory]
    [InlineData(-1, HttpStatusCode.BadRequest, "InvalidSettings")]
    [InlineData(LastTurn + 1, HttpStatusCode.BadRequest, "InvalidSettings")]
    [InlineData(int.MaxValue, HttpStatusCode.BadRequest, "InvalidSettings")]
    [InlineData(WithdrawnTurn, HttpStatusCode.BadRequest, "InvalidSettings")]
    public async Task Fork_BadTurn_ProblemAndNoRoomCreated(int turnIndex, HttpStatusCode status, string code)
    {
        var source = await ImportSourceAsync();
        var before = _app.Store.RoomCount();

        var response = await _client.PostAsJsonAsync($"/api/rooms/{source.RoomId}/fork", new { turnIndex });

        await AssertProblemAsync(response, status, code);
        Assert.Equal(before, _app.Store.RoomCount());
    }

    [Fact]
    public async Task Fork_WithdrawnTurn_ProblemSaysItWasTakenBack()
    {
        var source = await ImportSourceAsync();

        var response = await _client.PostAsJsonAsync($"/api/rooms/{source.RoomId}/fork", new { turnIndex = WithdrawnTurn });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidSettings");
        Assert.Contains("taken back", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-room")]
    public async Task Fork_UnknownRoom_404ProblemAndNoRoomCreated(string roomId)
    {
        await ImportSourceAsync();
        var before = _app.Store.RoomCount();

        var response = await _client.PostAsJsonAsync($"/api/rooms/{roomId}/fork", new { turnIndex = 0 });

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "NotFound");
        Assert.Equal(before, _app.Store.RoomCount());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"turnIndex":null}""")]
    public async Task Fork_NoTurnIndex_400ProblemAndNoRoomCreated(string body)
    {
        var source = await ImportSourceAsync();
        var before = _app.Store.RoomCount();

        var response = await _client.PostAsync($"/api/rooms/{source.RoomId}/fork",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidSettings");
        Assert.Equal(before, _app.Store.RoomCount());
    }

    [Fact]
    public async Task Fork_RoomWithoutTurns_400Problem()
    {
        var empty = await _app.Rooms.CreateAsync(Settings());
        var before = _app.Store.RoomCount();

        var response = await _client.PostAsJsonAsync($"/api/rooms/{empty.RoomId}/fork", new { turnIndex = 0 });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidSettings");
        Assert.Equal(before, _app.Store.RoomCount());
    }

    /// <summary>A turn as stored, less what names its room (a fork's turns get the new room's ids).</summary>
    private static string Stored(TurnRecord turn)
    {
        var node = JsonSerializer.SerializeToNode(turn)!.AsObject();
        node.Remove(nameof(TurnRecord.Id));
        node.Remove(nameof(TurnRecord.RoomId));
        return node.ToJsonString();
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }
}
