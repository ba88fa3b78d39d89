using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Api;

public sealed class ExportApiTests(RelayNovelAppFactory app) : IClassFixture<RelayNovelAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Export_Txt_ReturnsTitlePremiseAndTurnsInOrder()
    {
        var id = await CreateRoomWithTurnsAsync("기차가 멈췄다.", "눈이 내렸다.");

        var response = await _client.GetAsync($"/api/rooms/{id}/export?format=txt");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("내보내기 방\n\n눈 내리는 역\n\n기차가 멈췄다.\n\n눈이 내렸다.\n", text);
    }

    [Fact]
    public async Task Export_Md_NamesAuthorsAndEscapesMarkdownInUserText()
    {
        var id = await CreateRoomWithTurnsAsync("# 제목 [링크](javascript:alert(1)) <b>굵게</b>", "둘째 줄");

        var md = await _client.GetStringAsync($"/api/rooms/{id}/export?format=md");

        Assert.StartsWith("# 내보내기 방\n", md, StringComparison.Ordinal);
        Assert.Contains("**민지**", md, StringComparison.Ordinal);
        Assert.Contains("**서준**", md, StringComparison.Ordinal);
        Assert.Contains(@"\# 제목 \[링크\]\(javascript:alert\(1\)\) \<b\>굵게\</b\>", md, StringComparison.Ordinal);
        Assert.DoesNotContain("](javascript", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Md_KeepsSentencesReadableButEscapesLineStartMarkers()
    {
        var id = await CreateRoomWithTurnsAsync("기차가 멈췄다.", "1. 첫째\n- 둘째");

        var md = await _client.GetStringAsync($"/api/rooms/{id}/export?format=md");

        Assert.Contains("\n기차가 멈췄다.\n", md, StringComparison.Ordinal);
        Assert.Contains("1\\. 첫째\n\n\\- 둘째", md, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pdf")]
    [InlineData("../../etc/passwd")]
    public async Task Export_UnknownFormat_Returns400Problem(string format)
    {
        var id = await CreateRoomWithTurnsAsync("하나", "둘");

        var response = await _client.GetAsync($"/api/rooms/{id}/export?format={Uri.EscapeDataString(format)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Export_UnknownRoom_Returns404Problem()
    {
        var response = await _client.GetAsync("/api/rooms/no-such-room/export?format=txt");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string> CreateRoomWithTurnsAsync(string first, string second)
    {
        var created = await _client.PostAsJsonAsync("/api/rooms", new { title = "내보내기 방", premise = "눈 내리는 역", turnTimerSeconds = 0 });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var minji = await JoinAsync(id, "민지");
        var seojun = await JoinAsync(id, "서준");
        await SubmitAsync(id, minji, first);
        await SubmitAsync(id, seojun, second);
        return id;
    }

    private async Task<string> JoinAsync(string id, string name)
    {
        var response = await _client.PostAsJsonAsync($"/api/rooms/{id}/seats", new { name });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantKey").GetString()!;
    }

    private async Task SubmitAsync(string id, string key, string text)
    {
        var response = await _client.PostAsJsonAsync($"/api/rooms/{id}/turns", new { participantKey = key, text });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
