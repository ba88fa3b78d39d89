using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Api;

/// <summary>
/// Every write under <c>/api</c> reads JSON only: a body a page on another site can send without asking the server
/// (text/plain, a form, no type at all) is refused with 415 before anything runs, and nothing is stored.
/// </summary>
public sealed class RoomApiJsonOnlyTests : IAsyncLifetime
{
    private readonly RelayNovelAppFactory _app = new();
    private RoomSetup _room = null!;

    public async Task InitializeAsync() =>
        _room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Each write route with a body a browser sends cross-site without a preflight (one app for all: the suite stays quick).</summary>
    private static readonly (string Method, string Path, string? ContentType)[] Writes =
    [
        ("POST", "api/rooms", "text/plain"),
        ("POST", "api/rooms", null),
        ("POST", "api/rooms/import", "text/plain"),
        ("POST", "api/rooms/import", "application/x-www-form-urlencoded"),
        ("POST", "api/rooms/{id}/seats", "multipart/form-data; boundary=x"),
        ("POST", "api/rooms/{id}/turns", "text/plain"),
        ("POST", "api/rooms/{id}/turns", null),
        ("PUT", "api/rooms/{id}/draft", "text/plain"),
        ("POST", "api/rooms/{id}/ai/stop", "text/plain"),
        ("POST", "api/rooms/{id}/skip", "application/x-www-form-urlencoded"),
        ("PUT", "api/rooms/{id}/glossary", "text/plain"),
        ("POST", "api/continue", null),
    ];

    [Fact]
    public async Task Writes_BodyThatIsNotJson_Refused415AndNothingStored()
    {
        var client = _app.CreateClient();
        foreach (var (method, path, contentType) in Writes)
        {
            await AssertRefusedAsync(client, method, path, contentType);
        }
        var room = await client.GetFromJsonAsync<JsonElement>($"api/rooms/{_room.Id}");

        Assert.Empty(room.GetProperty("turns").EnumerateArray());
        Assert.DoesNotContain(room.GetProperty("seats").EnumerateArray(), s => s.TryGetProperty("name", out var n) && n.GetString() == "침입자");
        Assert.Equal(1, _app.Store.RoomCount());
    }

    private async Task AssertRefusedAsync(HttpClient client, string method, string path, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($$"""{"title":"몰래 만든 방","name":"침입자","participantKey":"{{_room.KeyOf(0)}}","text":"몰래 쓴 문장."}"""));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", _room.Id, StringComparison.Ordinal)) { Content = content });

        Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{method} {path} ({contentType ?? "no type"}): {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("application/json", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
