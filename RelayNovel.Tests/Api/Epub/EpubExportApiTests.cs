using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using MudBlazor;
using RelayNovel.Tests.Components;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Components.Pages.Room;

namespace RelayNovel.Tests.Api.Epub;

/// <summary><c>GET /api/rooms/{id}/export?format=epub</c> and the room's menu entry for it.</summary>
public sealed class EpubExportApiTests(RelayNovelAppFactory app) : IClassFixture<RelayNovelAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Export_Epub_IsAnEpubZipNamedAfterTheStoryWithTheMimetypeFirst()
    {
        var id = await CreateRoomAsync("비 오는 밤: 1/2", "첫 문장.\n<b>둘째</b> 줄 & 끝");

        var response = await _client.GetAsync($"/api/rooms/{id}/export?format=epub");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/epub+zip", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("비 오는 밤 1 2.epub", disposition.FileNameStar);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read))
        {
            var first = zip.Entries[0];
            Assert.Equal("mimetype", first.FullName);
            using var reader = new StreamReader(first.Open());
            Assert.Equal("application/epub+zip", await reader.ReadToEndAsync());
        }
        using var epub = new EpubArchive(bytes);
        Assert.Equal(["첫 문장.", "<b>둘째</b> 줄 & 끝"], epub.Paragraphs(["chapter-001.xhtml"]));
        Assert.Equal(["민지"], epub.Package.Descendants(EpubArchive.Dc + "creator").Select(c => c.Value));
        Assert.Equal("비 오는 밤: 1/2", epub.Package.Descendants(EpubArchive.Dc + "title").Single().Value);
    }

    [Fact]
    public async Task Export_EpubAskedInEnglish_IsStillAKoreanBook()
    {
        var id = await CreateRoomAsync("비", "첫 문장.");

        using var epub = new EpubArchive(await _client.GetByteArrayAsync($"/api/rooms/{id}/export?format=epub&culture=en"));

        Assert.Equal(["본문", "만든 이"], epub.Nav.Select(n => n.Label));
        Assert.Equal("ko", epub.Package.Descendants(EpubArchive.Dc + "language").Single().Value);
    }

    [Fact]
    public async Task Export_EpubOfUnknownRoom_Returns404Problem()
    {
        var response = await _client.GetAsync("/api/rooms/no-such-room/export?format=epub");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Export_UnknownFormat_ProblemNamesEpubAmongTheFormats()
    {
        var id = await CreateRoomAsync("하나", "둘");

        var problem = await (await _client.GetAsync($"/api/rooms/{id}/export?format=pdf")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Contains("epub", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoryLinks_OtherFormats_OffersTheEpubAsADownload()
    {
        await using var ctx = UiTestContext.Create();
        var popovers = ctx.Render<MudPopoverProvider>();
        var cut = ctx.Render<HistoryLinks>(p => p.Add(x => x.RoomId, "room123"));

        cut.Find("[data-testid=export-menu] button").Click();

        popovers.WaitForAssertion(() =>
        {
            var epub = popovers.Find("[data-testid=export-epub]");
            Assert.Equal("/api/rooms/room123/export?format=epub", epub.GetAttribute("href"));
            Assert.True(epub.HasAttribute("download"));
            Assert.Contains("전자책 (.epub)", epub.TextContent, StringComparison.Ordinal);
        });
    }

    private async Task<string> CreateRoomAsync(string title, string text)
    {
        var created = await _client.PostAsJsonAsync("/api/rooms", new { title, turnTimerSeconds = 0 });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var joined = await _client.PostAsJsonAsync($"/api/rooms/{id}/seats", new { name = "민지" });
        var key = (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantKey").GetString()!;
        var turn = await _client.PostAsJsonAsync($"/api/rooms/{id}/turns", new { participantKey = key, text });
        Assert.Equal(HttpStatusCode.Created, turn.StatusCode);
        return id;
    }
}
