using System.Net;
using LiteDB;
using RelayNovel.Soak;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Faults;

/// <summary>
/// Hostile input through the HTTP API: every row of <see cref="HostileInputTable"/> gets a problem with a message and
/// leaves the rooms as they were (checked over HTTP after each row and in the LiteDB file at the end); markup in
/// accepted text comes back inert on the room page and in the exports.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task HostileInputTable_EveryCase_RefusedWithAProblemAndNothingStored()
    {
        using var data = new TempDirectory();
        var app = RelayNovelAppFactory.On(data);
        var failures = new List<string>();
        var room = await HostileRoom.CreateAsync(app);
        var before = await room.StateAsync();
        foreach (var @case in HostileInputTable.Cases)
        {
            using var response = await @case.Send(room);
            var answer = await ApiAnswer.ReadAsync(response);
            var problem = answer.ContentType == "application/problem+json" && !string.IsNullOrWhiteSpace(answer.ProblemDetail);
            if (!@case.Statuses.Contains(answer.Status) || !problem || (@case.Codes is { } codes && !codes.Contains(answer.ProblemCode)))
            {
                failures.Add($"{@case.Name}: {(int)answer.Status} {answer.ContentType} {Shorten(answer.Body.ToString())}");
            }
            if (await room.StateAsync() != before)
            {
                failures.Add($"{@case.Name}: the rooms changed");
                before = await room.StateAsync();
            }
        }
        var dataFile = data.File("relaynovel.db");
        await app.DisposeAsync();   // releases the file; then it is read as it is on disk

        using (var db = new LiteDatabase($"Filename={dataFile};Connection=direct"))
        {
            // The two rooms of the setup with their four participants, and no turns: nothing a refused request made.
            var rooms = db.GetCollection("rooms").FindAll().ToList();
            var stored = (rooms.Count, rooms.Sum(r => r["Participants"].AsArray.Count), db.GetCollection("turns").Count());
            Assert.True(stored == (2, 4, 0), $"the file holds {stored} (rooms, participants, turns)\n" + string.Join("\n", failures));
        }
        output.WriteLine($"{HostileInputTable.Cases.Count} hostile HTTP cases: {HostileInputTable.Cases.Count - failures.Count} refused with a problem and nothing stored");
        Assert.True(HostileInputTable.Cases.Count >= 30);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("<script>alert('x')</script>", "<script>alert", "\\<script\\>")]
    [InlineData("<img src=x onerror=alert(1)>", "<img src=x", "\\<img")]
    [InlineData("[눌러 보세요](javascript:alert(1))", "href=\"javascript:", "\\[눌러 보세요\\]\\(javascript:alert\\(1\\)\\)")]
    [InlineData("# 가짜 제목\n---\n* 가짜 목록\n1. 번호", "<ol", "\\# 가짜 제목\n\n\\---\n\n\\* 가짜 목록\n\n1\\. 번호")]
    [InlineData("<a href=\"javascript:alert(1)\">링크</a>", "<a href=\"javascript:", "\\<a href=\"javascript:alert\\(1\\)\"\\>")]
    public async Task MarkupInATurn_IsStoredAsTextAndComesBackInertOnThePageAndInTheExports(string text, string live, string markdownShows)
    {
        await using var app = new RelayNovelAppFactory();
        var api = new RoomApiClient(app.CreateClient());
        var (id, _) = await api.CreateRoomAsync(new { title = "<b>굵은</b> 제목", seatPlan = new[] { "human" }, turnTimerSeconds = 0 });
        var (_, key) = await api.JoinAsync(id, "<i>기울임</i>");

        var submitted = await api.SubmitAsync(id, key, text, null);
        var page = await api.Http.GetStringAsync($"rooms/{id}");
        using var txt = await api.Http.GetAsync($"api/rooms/{id}/export?format=txt");
        var md = await api.Http.GetStringAsync($"api/rooms/{id}/export?format=md");

        Assert.Equal(HttpStatusCode.Created, submitted.Status);
        Assert.Equal(text, RoomPolling.Turns(await api.GetRoomAsync(id))[0].GetProperty("text").GetString());
        Assert.DoesNotContain(live, page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", page, StringComparison.Ordinal);
        var shown = WebUtility.HtmlDecode(page);   // the page encodes markup and Hangul alike; decoded, the text is there as written
        Assert.All(text.Split('\n'), line => Assert.Contains(line, shown, StringComparison.Ordinal));
        Assert.Equal("text/plain", txt.Content.Headers.ContentType?.MediaType);
        Assert.Contains(text, await txt.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(markdownShows, md, StringComparison.Ordinal);
        Assert.Contains("\\<b\\>굵은\\</b\\> 제목", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TurnWithAnEmojiFamily_ZeroWidthJoinerIsNotRefusedWithTheInvisibleCharacters()
    {
        await using var app = new RelayNovelAppFactory();
        var api = new RoomApiClient(app.CreateClient());
        var (id, _) = await api.CreateRoomAsync(new { title = "가족 👨\u200D👩\u200D👧", seatPlan = new[] { "human" } });
        var (_, key) = await api.JoinAsync(id, "민지");

        var answer = await api.SubmitAsync(id, key, "우리 가족 👨\u200D👩\u200D👧 이야기.", null);

        Assert.Equal(HttpStatusCode.Created, answer.Status);
    }

    private static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + "…";

}
