using System.Net.Http.Json;
using System.Text.Json;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Api;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Api;

/// <summary>Issue 15: the story in chapters — <see cref="StoryChapters.Split"/> and the txt, md and json exports.</summary>
public sealed class ChapterExportTests : IDisposable
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_764_000_000);
    private readonly RelayNovelAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    private static TurnView Turn(int index, string text, TurnKind kind = TurnKind.Human) =>
        new(index, index % 2, kind == TurnKind.Ai ? "AI" : "민지", kind, text, At, At);

    [Fact]
    public void Split_TurnsBeforeTheFirstMark_FormAnUnmarkedChapterThenOnePerMark()
    {
        TurnView[] turns = [Turn(0, "가"), Turn(1, "나", TurnKind.Ai), Turn(2, "다"), Turn(3, "라")];

        var chapters = StoryChapters.Split(turns, [new ChapterMark(3, null), new ChapterMark(1, "둘")]);

        Assert.Equal([(0, null, new[] { 0 }), (1, "둘", [1, 2]), (2, null, [3])],
            chapters.Select(c => (c.Number, c.Title, c.Turns.Select(t => t.Index).ToArray())));
        Assert.Equal([null, "둘", "제2장"], chapters.Select(c => c.Heading()));
    }

    [Fact]
    public void Split_WithdrawnAndSkippedTurns_LeftOutAndTheirMarkMovesToTheNextStoryTurn()
    {
        TurnView[] turns =
        [
            Turn(0, "가"), Turn(1, "물린 글") with { Withdrawn = true }, Turn(2, "건너뜀", TurnKind.Skipped), Turn(3, "다"),
        ];

        var chapters = StoryChapters.Split(turns, [new ChapterMark(1, "새 장"), new ChapterMark(9, "아직")]);

        Assert.Equal([(null, new[] { 0 }), ("새 장", [3])], chapters.Select(c => (c.Title, c.Turns.Select(t => t.Index).ToArray())));
        Assert.Empty(StoryChapters.Split([], [new ChapterMark(0, "빈")]));
    }

    private async Task<string> RoomWithChaptersAsync()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, new RoomSettings("장 있는 이야기", "기차역", SeatPlan: [SeatKind.Human, SeatKind.Human]),
            "민지", "서준");
        await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "기차가 멈췄다.");
        await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(1), "눈이 내렸다.\n\"춥다.\"");
        await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "봄이 왔다.");
        await _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 0, null);
        await _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 2, "# 봄 [링크](x)");
        return room.Id;
    }

    [Fact]
    public async Task Export_TxtWithChapters_HeadingsBeforeTheirTurns()
    {
        var id = await RoomWithChaptersAsync();

        var text = await _app.CreateClient().GetStringAsync($"/api/rooms/{id}/export?format=txt");

        Assert.Equal("장 있는 이야기\n\n기차역\n\n제1장\n\n기차가 멈췄다.\n\n눈이 내렸다.\n\"춥다.\"\n\n# 봄 [링크](x)\n\n봄이 왔다.\n", text);
    }

    [Fact]
    public async Task Export_MdWithChapters_SecondLevelHeadingsWithTheTitleEscaped()
    {
        var id = await RoomWithChaptersAsync();

        var md = await _app.CreateClient().GetStringAsync($"/api/rooms/{id}/export?format=md");

        Assert.Contains("> 기차역\n\n## 제1장\n\n**민지**\n\n기차가 멈췄다.", md, StringComparison.Ordinal);
        Assert.Contains("## \\# 봄 \\[링크\\]\\(x\\)\n\n**민지**\n\n봄이 왔다.", md, StringComparison.Ordinal);
        Assert.True(md.IndexOf("## 제1장", StringComparison.Ordinal) < md.IndexOf("눈이 내렸다.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_JsonWithChapters_CarriesTheMarks()
    {
        var id = await RoomWithChaptersAsync();

        var json = await _app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/rooms/{id}/export?format=json");

        var chapters = json.GetProperty("chapters");
        Assert.Equal([(0, null), (2, "# 봄 [링크](x)")],
            chapters.EnumerateArray().Select(c => (c.GetProperty("turnIndex").GetInt32(),
                c.TryGetProperty("title", out var t) ? t.GetString() : null)));
    }

    [Fact]
    public async Task Import_JsonExportWithChapters_NewRoomHasTheSameMarks()
    {
        var id = await RoomWithChaptersAsync();
        var client = _app.CreateClient();
        var json = await client.GetStringAsync($"/api/rooms/{id}/export?format=json");

        var imported = await client.PostAsync("/api/rooms/import", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        imported.EnsureSuccessStatusCode();
        var newId = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        Assert.Equal([new ChapterMark(0, null), new ChapterMark(2, "# 봄 [링크](x)")], (await _app.Rooms.GetAsync(newId))!.Chapters);
    }

    [Theory]
    [InlineData("""[{"turnIndex":7}]""")]
    [InlineData("""[{"turnIndex":1},{"turnIndex":1,"title":"둘"}]""")]
    [InlineData("""[null]""")]
    public async Task Import_BadChapterMark_RefusedWithAProblem(string chapters)
    {
        var id = await RoomWithChaptersAsync();
        var client = _app.CreateClient();
        var file = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync($"/api/rooms/{id}/export?format=json"))!;
        file["chapters"] = System.Text.Json.Nodes.JsonNode.Parse(chapters);

        var imported = await client.PostAsync("/api/rooms/import", new StringContent(file.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        var problem = await ApiAssert.ProblemAsync(imported, System.Net.HttpStatusCode.BadRequest, "InvalidSettings");
        Assert.Contains("Chapter mark", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
