using System.Net;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Replay;

/// <summary>The replay and print pages as a browser first receives them (server-rendered HTML, status codes).</summary>
public sealed class HistoryRoutesTests(RelayNovelAppFactory app) : IClassFixture<RelayNovelAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    [Theory]
    [InlineData("replay")]
    [InlineData("print")]
    public async Task HistoryPage_UnknownRoom_Returns404WithTheFriendlyPage(string page)
    {
        var response = await _client.GetAsync($"/rooms/AAAAAAAAAAAAAAAAAAAAAA/{page}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("data-testid=\"not-found\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrintPage_FirstResponse_AlreadyHoldsTheStoryWithAuthors()
    {
        var room = await RoomSetup.CreateAsync(app.Rooms, new RoomSettings("인쇄", TurnTimerSeconds: 0), "민지");
        await app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "비가 내렸다.", null);

        var html = WebUtility.HtmlDecode(await _client.GetStringAsync($"/rooms/{room.Id}/print"));   // Korean arrives as character references

        Assert.Contains("민지", html, StringComparison.Ordinal);
        Assert.Contains("비가 내렸다.", html, StringComparison.Ordinal);
    }
}
