using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Api;

public sealed class AppHostingTests
{
    [Fact]
    public async Task Start_BadSetting_FailsAtStartNamingTheSetting()
    {
        await using var app = new RelayNovelAppFactory();
        app.Set("RelayNovel:QueueCapacity", "0");

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("QueueCapacity", error.ToString());
    }

    [Fact]
    public async Task Start_RoomReservedRowsNotBelowMaxRows_FailsAtStartNamingTheSetting()
    {
        await using var app = new RelayNovelAppFactory();
        app.Set("RelayNovel:EngineMaxRows", "4").Set("RelayNovel:EngineRoomReservedRows", "4");

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("EngineRoomReservedRows", error.ToString());
    }

    [Fact]
    public async Task Start_ModelFolderMissing_TheAppStillServesRoomsAndSaysWhyThereIsNoAi()
    {
        await using var app = new RelayNovelAppFactory();
        var client = app.CreateClient();

        var created = await client.PostAsJsonAsync("/api/rooms", new { title = "모델 없음" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var room = await client.GetFromJsonAsync<JsonElement>($"/api/rooms/{id}");

        Assert.Equal("—", room.GetProperty("modelName").GetString());
        var reason = room.GetProperty("aiUnavailableReason").GetString()!;
        Assert.Contains("could not be loaded", reason);
        Assert.DoesNotContain(app.ModelPath, reason);   // the folder is for the server's log, not for everyone in a room
    }

    [Fact]
    public async Task StartKestrel_ServesTheAppOnARealLoopbackPort()
    {
        await using var app = new RelayNovelAppFactory();
        var address = app.StartKestrel();
        using var client = new HttpClient { BaseAddress = new Uri(address.GetLeftPart(UriPartial.Authority).Replace("[::]", "127.0.0.1", StringComparison.Ordinal)) };

        var created = await client.PostAsJsonAsync("/api/rooms", new { title = "진짜 포트" });
        var home = await client.GetAsync("/");

        Assert.NotEqual(0, address.Port);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }
}
