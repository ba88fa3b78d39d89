using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Api;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Api;

/// <summary>
/// The room hub keeps the HTTP API's rules: writes take from the same per-client budget (a client cannot get past the
/// limit by switching to the hub), and browsers connect only from the app's own origin or a listed one.
/// </summary>
public sealed class RoomHubGuardTests : IAsyncLifetime
{
    private const string Listed = "https://novel.example";
    private readonly RelayNovelAppFactory _app = new RelayNovelAppFactory()
        .Set("RelayNovel:WritesPerWindow", "3")
        .Set("RelayNovel:WriteWindowSeconds", "600")
        .Set("RelayNovel:AllowedOrigins:0", Listed);
    private HubHost _host = null!;
    private Uri _address = null!;

    public Task InitializeAsync()
    {
        _host = new HubHost(_app);
        _address = _host.Address;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SubmitTurn_OverTheClientsWriteBudget_RefusedAsRateLimitedAndNotStoredOverHubOrHttp()
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, new RoomSettings("한도 방", SeatPlan: [SeatKind.Human, SeatKind.Human], TurnTimerSeconds: 0), "민지", "서준");
        using var http = new HttpClient { BaseAddress = _address };
        var hub = await ConnectAsync(origin: null);

        // Three writes from this address: one over HTTP, two through the hub; the fourth is over the budget either way.
        var first = await http.PostAsJsonAsync($"/api/rooms/{room.Id}/turns", new { participantKey = room.KeyOf(0), text = "1번째 문장." });
        await hub.InvokeAsync<JsonElement>("SubmitTurn", room.Id, room.KeyOf(1), "2번째 문장.");
        await hub.InvokeAsync<JsonElement>("SubmitTurn", room.Id, room.KeyOf(0), "3번째 문장.");
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("SubmitTurn", room.Id, room.KeyOf(1), "4번째 문장."));
        var draft = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("UpdateDraft", room.Id, room.KeyOf(1), "초안"));
        var overHttp = await http.PostAsJsonAsync($"/api/rooms/{room.Id}/turns", new { participantKey = room.KeyOf(1), text = "5번째 문장." });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Contains("RateLimited: Too many writes", refused.Message, StringComparison.Ordinal);
        Assert.Contains("RateLimited:", draft.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, overHttp.StatusCode);
        Assert.Equal(["1번째 문장.", "2번째 문장.", "3번째 문장."], (await _app.Rooms.GetAsync(room.Id))!.Turns.Select(t => t.Text));
        Assert.True(string.IsNullOrEmpty((await _app.Rooms.GetAsync(room.Id))!.CurrentDraft), "the refused draft was not kept");
        // Reads are not writes: joining the room still works.
        Assert.Equal(room.Id, (await hub.InvokeAsync<JsonElement>("JoinRoom", room.Id)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Connect_FromAForeignOrigin_Refused403OverNegotiateAndWebSocket()
    {
        var negotiate = Assert.ThrowsAsync<HttpRequestException>(() => ConnectAsync("http://evil.example"));
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", "http://evil.example");
        var hubUri = new UriBuilder(new Uri(_address, RoomHub.Path)) { Scheme = "ws" }.Uri;

        var refused = await negotiate;
        var direct = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(hubUri, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.NotEqual(WebSocketState.Open, socket.State);
        Assert.NotNull(direct);
    }

    [Theory]
    [InlineData("self")]
    [InlineData(Listed)]
    [InlineData(null)]   // a program, not a browser
    public async Task Connect_FromTheAppsOwnAListedOrNoOrigin_JoinsTheRoom(string? origin)
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, null, "민지");
        var hub = await ConnectAsync(origin == "self" ? _address.GetLeftPart(UriPartial.Authority) : origin);

        var joined = await hub.InvokeAsync<JsonElement>("JoinRoom", room.Id);

        Assert.Equal(room.Id, joined.GetProperty("id").GetString());
    }

    private Task<HubConnection> ConnectAsync(string? origin) => _host.ConnectAsync(origin);
}
