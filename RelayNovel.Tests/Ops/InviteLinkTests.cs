using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Tests.Stories;

namespace RelayNovel.Tests.Ops;

/// <summary>Issue 16 item 6: the invite link in API answers is never built from a Host header the client chose.</summary>
public sealed class InviteLinkTests
{
    [Fact]
    public async Task PostRooms_ForeignHostHeaderWithoutPublicBaseUrl_LinkIsRelativeAndNeverNamesThatHost()
    {
        await using var app = new RelayNovelAppFactory();
        var client = app.CreateClient();

        var body = await CreateAsync(client, "evil.example");

        var url = body.GetProperty("url").GetString()!;
        Assert.DoesNotContain("evil.example", url, StringComparison.Ordinal);
        Assert.Equal($"/rooms/{body.GetProperty("id").GetString()}", url);
    }

    [Fact]
    public async Task PostRoomsAndImport_PublicBaseUrlSet_LinksUseItWhateverTheHostHeader()
    {
        await using var app = new RelayNovelAppFactory().Set("RelayNovel:PublicBaseUrl", "https://novel.example.org/");
        var client = app.CreateClient();

        var created = await CreateAsync(client, "evil.example");
        var import = new HttpRequestMessage(HttpMethod.Post, "/api/rooms/import") { Content = HostileExports.Content(HostileExports.Build(1, 10, 2)) };
        import.Headers.Host = "evil.example";
        var imported = await (await client.SendAsync(import)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal($"https://novel.example.org/rooms/{created.GetProperty("id").GetString()}", created.GetProperty("url").GetString());
        Assert.Equal($"https://novel.example.org/rooms/{imported.GetProperty("id").GetString()}", imported.GetProperty("url").GetString());
    }

    [Fact]
    public async Task PostRooms_AllowedHostsRestricted_LinkUsesTheFilteredHost()
    {
        await using var app = new RelayNovelAppFactory().Set("AllowedHosts", "novel.example.org");
        var client = app.CreateClient();

        var foreign = new HttpRequestMessage(HttpMethod.Post, "/api/rooms") { Content = JsonContent.Create(new { title = "남의 주소" }) };
        foreign.Headers.Host = "evil.example";
        var refused = await client.SendAsync(foreign);
        var body = await CreateAsync(client, "novel.example.org");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);   // the host filter turns it away before any room exists
        Assert.Equal($"http://novel.example.org/rooms/{body.GetProperty("id").GetString()}", body.GetProperty("url").GetString());
    }

    [Fact]
    public void Start_PublicBaseUrlNotAnHttpAddress_StopsWithAMessageNamingTheSetting()
    {
        using var app = new RelayNovelAppFactory().Set("RelayNovel:PublicBaseUrl", "javascript:alert(1)");

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("PublicBaseUrl", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/rooms")
        {
            Content = new StringContent("""{"title":"초대장"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = host;
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
