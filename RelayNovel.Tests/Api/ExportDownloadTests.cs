using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using RelayNovel.Tests.Components;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Api;
using RelayNovel.Web.Components.Pages.Room;

namespace RelayNovel.Tests.Api;

/// <summary>Exports arrive as files named after the story, and read as the story was written.</summary>
public sealed class ExportDownloadTests(RelayNovelAppFactory app) : IClassFixture<RelayNovelAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    [Theory]
    [InlineData("txt")]
    [InlineData("md")]
    [InlineData("json")]
    public async Task Export_AnyFormat_IsAnAttachmentNamedAfterTheKoreanTitle(string format)
    {
        var id = await CreateRoomAsync("비 오는 밤: 1/2", "첫 문장.");

        var response = await _client.GetAsync($"/api/rooms/{id}/export?format={format}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        // RFC 5987: the UTF-8 name in filename*, which HttpClient decodes; ':' and '/' can't be in a file name.
        Assert.Equal($"비 오는 밤 1 2.{format}", disposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''", response.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Md_EachLineOfDialogueIsItsOwnParagraph()
    {
        var id = await CreateRoomAsync("대화", "\"비가 오네.\"\n\"우산 있어?\"\n  \"없어.\"");

        var md = await _client.GetStringAsync($"/api/rooms/{id}/export?format=md");

        Assert.Contains("\"비가 오네.\"\n\n\"우산 있어?\"\n\n\"없어.\"\n", md, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "relaynovel.txt")]
    [InlineData("  ..숨은 이름..  ", "숨은 이름.txt")]
    [InlineData("a\tb<c>d", "a b c d.txt")]
    public void FileName_TitlesFileSystemsRefuse_BecomeSafeNames(string title, string expected) =>
        Assert.Equal(expected, StoryExport.FileName(title, "txt"));

    [Fact]
    public async Task HistoryLinks_Exports_AreDownloadLinksNotNewTabs()
    {
        await using var ctx = UiTestContext.Create();

        var cut = ctx.Render<HistoryLinks>(p => p.Add(x => x.RoomId, "room1"));

        var export = cut.Find("[data-testid=export]");
        Assert.True(export.HasAttribute("download"));
        Assert.False(export.HasAttribute("target"));
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
