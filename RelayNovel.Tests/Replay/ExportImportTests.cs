using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Replay;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories.LiteDb;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Replay;

/// <summary>
/// The JSON export of a real room (typed drafts, an AI turn from the tiny model) imported into a new room and
/// exported again: the same history, under a new id and owner.
/// </summary>
public sealed class ExportImportTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly RelayNovelAppFactory _app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);
    private HttpClient _client = default!;

    public Task InitializeAsync()
    {
        _client = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ExportImportExport_RoomWithDraftsAndAiTurn_SameHistoryUnderNewIdAndOwner()
    {
        var source = await WriteHistoryAsync();

        var exported = await _client.GetStringAsync($"/api/rooms/{source.Id}/export?format=json");
        var import = await _client.PostAsync("/api/rooms/import", new StringContent(exported, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        var created = await import.Content.ReadFromJsonAsync<JsonElement>();
        var newId = created.GetProperty("id").GetString()!;
        var reExported = await _client.GetStringAsync($"/api/rooms/{newId}/export?format=json");

        Assert.NotEqual(source.Id, newId);
        Assert.Contains("\"비가 내렸다.\"", exported, StringComparison.Ordinal);   // Korean readable in the file, not \uXXXX
        Assert.NotEqual(source.Room.OwnerKey, created.GetProperty("ownerKey").GetString());
        Assert.True((await _app.Rooms.IsOwnerAsync(newId, created.GetProperty("ownerKey").GetString()!)));
        Assert.Equal(WithoutExportTime(exported), WithoutExportTime(reExported));
        var json = JsonNode.Parse(exported)!;
        Assert.Equal(("relaynovel-room", 1), (json["format"]!.GetValue<string>(), json["version"]!.GetValue<int>()));
        Assert.DoesNotContain(source.Id, exported, StringComparison.Ordinal);   // the id is the invite: never in a file
        var turns = json["turns"]!.AsArray();
        Assert.Equal(["human", "human", "ai", "human"], turns.Select(t => t!["kind"]!.GetValue<string>()));
        Assert.Equal(["비가", "비가 내렸다."], (await _app.Rooms.HistoryAsync(newId))!.Turns[0].DraftSnapshots.Select(s => s.Text));
        Assert.NotEmpty(turns[2]!["tokenChunks"]!.AsArray());
        Assert.NotNull(turns[2]!["seed"]);
        Assert.Equal("retry", turns[2]!["alternatives"]![0]!["origin"]!.GetValue<string>());
        Assert.True(turns[3]!["withdrawn"]!.GetValue<bool>());
        Assert.Equal("용: 동굴에 사는 늙은 용", $"{json["glossary"]![0]!["name"]}: {json["glossary"]![0]!["line"]}");
    }

    [Fact]
    public async Task Import_ExportedRoom_SeatsEmptyHistoryReadOnlyAndReplaysTheSameStory()
    {
        var source = await WriteHistoryAsync();
        var exported = await _client.GetStringAsync($"/api/rooms/{source.Id}/export?format=json");

        var created = await (await _client.PostAsync("/api/rooms/import", new StringContent(exported, Encoding.UTF8, "application/json")))
            .Content.ReadFromJsonAsync<JsonElement>();
        var newId = created.GetProperty("id").GetString()!;

        var imported = (await _app.Rooms.GetAsync(newId))!;
        Assert.All(imported.Seats.Where(s => s.Kind == SeatKind.Human), s => Assert.Null(s.Name));
        Assert.Equal((await _app.Rooms.GetAsync(source.Id))!.Turns.Select(t => (t.AuthorName, t.Kind, t.Text)), imported.Turns.Select(t => (t.AuthorName, t.Kind, t.Text)));
        Assert.Equal(new ReplayTimeline((await _app.Rooms.HistoryAsync(source.Id))!.Turns).FinalStory, new ReplayTimeline((await _app.Rooms.HistoryAsync(newId))!.Turns).FinalStory);
        // Someone new takes a seat and the story goes on after the imported turns.
        var joined = await _app.Rooms.JoinAsync(newId, "지우", null, spectate: false);
        var next = await _app.Rooms.SubmitTurnAsync(newId, joined.ParticipantKey, "이어서 썼다.", null);
        Assert.Equal(4, next.Index);
        Assert.True(imported.Turns[3].Withdrawn);
        Assert.Equal(1, imported.Turns[2].AlternativeCount);
    }

    [Theory]
    [InlineData("{ not json", "InvalidSettings")]
    [InlineData("null", "InvalidSettings")]
    [InlineData("""{"format":"something-else","version":1,"room":{"title":"x"},"turns":[]}""", "InvalidSettings")]
    [InlineData("""{"format":"relaynovel-room","version":2,"room":{"title":"x"},"turns":[]}""", "InvalidSettings")]
    [InlineData("""{"format":"relaynovel-room","version":1,"room":{"title":""},"turns":[]}""", "InvalidSettings")]
    [InlineData("""{"format":"relaynovel-room","version":1,"room":{"title":"x"}}""", "InvalidSettings")]
    [InlineData("""{"format":"relaynovel-room","version":1,"room":{"title":"x"},"turns":[{"index":0,"seatIndex":0,"author":"a","kind":"robot","text":"t"}]}""", "InvalidSettings")]
    [InlineData("""{"format":"relaynovel-room","version":1,"room":{"title":"x"},"turns":[{"index":0,"seatIndex":0,"author":"a","kind":"human","text":"t","startedAt":"2026-11-25T12:00:00Z","endedAt":"2026-11-25T12:00:01Z","drafts":[{"offsetMs":0,"keep":5,"add":"x"}]}]}""", "InvalidSettings")]
    [InlineData("""{"format":"relaynovel-room","version":1,"room":{"title":"x"},"turns":[{"index":0,"seatIndex":0,"author":"a","kind":"ai","text":"t","startedAt":"2026-11-25T12:00:00Z","endedAt":"2026-11-25T12:00:01Z","alternatives":[{"origin":"vote","text":"u","tokenChunks":null}]}]}""", "InvalidSettings")]
    [InlineData("""{"format":"relaynovel-room","version":1,"room":{"title":"x"},"turns":[],"glossary":[{"name":"a:b","line":"c"}]}""", "InvalidSettings")]
    public async Task Import_BadDocument_Returns400ProblemAndStoresNothing(string body, string code)
    {
        var before = RoomCount();

        var response = await _client.PostAsync("/api/rooms/import", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, code);
        Assert.Equal(before, RoomCount());
    }

    [Fact]
    public async Task Import_OneBadTurnAfterGoodOnes_Returns400NamingTheTurnAndStoresNothing()
    {
        var source = await WriteHistoryAsync();
        var json = JsonNode.Parse(await _client.GetStringAsync($"/api/rooms/{source.Id}/export?format=json"))!;
        json["turns"]![2]!["seatIndex"] = 9;
        var before = RoomCount();

        var response = await _client.PostAsync("/api/rooms/import", new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, "InvalidSettings");
        Assert.Contains("Turn 2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, RoomCount());
    }

    [Fact]
    public async Task Import_ControlCharacterInAPersonsTurn_Returns400()
    {
        var body = """{"format":"relaynovel-room","version":1,"room":{"title":"x"},"turns":[{"index":0,"seatIndex":0,"author":"a","kind":"human","text":"종\u0007소리","startedAt":"2026-11-25T12:00:00Z","endedAt":"2026-11-25T12:00:01Z"}]}""";

        var response = await _client.PostAsync("/api/rooms/import", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, "InvalidSettings");
    }

    [Fact]
    public async Task Import_Oversize_Returns400TooLongWithoutReadingIt()
    {
        var body = new string(' ', RoomExportJsonMax + 1);

        var response = await _client.PostAsync("/api/rooms/import", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, "TooLong");
    }

    [Fact]
    public async Task ExportJson_UnknownRoom_Returns404Problem()
    {
        var response = await _client.GetAsync("/api/rooms/AAAAAAAAAAAAAAAAAAAAAA/export?format=json");

        await AssertProblemAsync(response, "NotFound");
    }

    private static int RoomExportJsonMax => Web.Api.RoomExportJson.MaxBytes;

    private int RoomCount() => _app.Store.RoomCount();

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    /// <summary>
    /// Two people type (their drafts become snapshots) and submit; the tiny model writes the AI turn, the writer
    /// before it asks for a retry (the first text becomes a branch), and the next writer takes her turn back.
    /// </summary>
    private async Task<RoomSetup> WriteHistoryAsync()
    {
        var ai = new AiSettings(Temperature: 0.9f, TopK: 40, MaxTokens: 6, EndAtSentence: false, Pace: AiPace.AsGenerated);
        var room = await RoomSetup.CreateAsync(_app.Rooms,
            new RoomSettings("내보내기", "비 오는 역", SeatPlan: [SeatKind.Human, SeatKind.Human, SeatKind.Ai], TurnTimerSeconds: 0, Ai: ai),
            "민지", "서준");
        await using var page = await _app.Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        using var log = await RoomEventLog.StartAsync(_app.Broadcaster, room.Id);
        await _app.Rooms.UpdateDraftAsync(room.Id, room.KeyOf(0), "비가");
        await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "비가 내렸다.", null);
        await _app.Rooms.UpdateDraftAsync(room.Id, room.KeyOf(1), "우산");
        await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(1), "우산은 없었다.", null);
        await _app.Rooms.UpdateGlossaryAsync(room.Id, room.Room.OwnerKey, [new GlossaryEntry("용", "동굴에 사는 늙은 용")]);
        await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == 2, Patience);
        await _app.Rooms.RetryAiAsync(room.Id, room.KeyOf(1));
        var aiTurn = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == 2, Patience);
        Assert.Equal(TurnKind.Ai, aiTurn.Turn.Kind);
        await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "잘못 쓴 문장.", null);
        await _app.Rooms.UndoTurnAsync(room.Id, room.KeyOf(0));
        return room;
    }

    private static string WithoutExportTime(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("exportedAt");
        return node.ToJsonString();
    }
}
