using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Api;

public sealed class RoomApiTests(RelayNovelAppFactory app) : IClassFixture<RelayNovelAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task PostRooms_TitleAndPremise_Returns201WithIdInviteUrlAndOwnerKey()
    {
        var response = await _client.PostAsJsonAsync("/api/rooms", new { title = "API 방", premise = "눈 내리는 역" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        Assert.EndsWith($"/rooms/{id}", body.GetProperty("url").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("ownerKey").GetString()));
        Assert.Equal($"/api/rooms/{id}", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task RelayOverHttp_JoinWriteAndRead_ShowsSeatsAndCommittedTurns()
    {
        var id = await CreateRoomAsync();
        var minji = await JoinAsync(id, "민지");
        var seojun = await JoinAsync(id, "서준");

        var submitted = await _client.PostAsJsonAsync($"/api/rooms/{id}/turns", new { participantKey = minji.Key, text = "기차가 멈췄다." });
        var room = await _client.GetFromJsonAsync<JsonElement>($"/api/rooms/{id}");

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal((0, 1), (minji.Seat, seojun.Seat));
        Assert.Equal("human", (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString());
        var turn = Assert.Single(room.GetProperty("turns").EnumerateArray());
        Assert.Equal("기차가 멈췄다.", turn.GetProperty("text").GetString());
        Assert.Equal("민지", turn.GetProperty("authorName").GetString());
        Assert.Equal(1, room.GetProperty("batonSeatIndex").GetInt32());
        Assert.Equal("서준", room.GetProperty("seats")[1].GetProperty("name").GetString());
    }

    [Fact]
    public async Task PostTurn_OutOfTurn_Returns409ProblemDetails()
    {
        var id = await CreateRoomAsync();
        await JoinAsync(id, "민지");
        var seojun = await JoinAsync(id, "서준");

        var response = await _client.PostAsJsonAsync($"/api/rooms/{id}/turns", new { participantKey = seojun.Key, text = "새치기" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict, "NotYourTurn");
        Assert.Contains("민지", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("벨\u0007소리")]
    public async Task PostTurn_BadText_Returns400ProblemAndStoresNothing(string text)
    {
        var id = await CreateRoomAsync();
        var minji = await JoinAsync(id, "민지");

        var response = await _client.PostAsJsonAsync($"/api/rooms/{id}/turns", new { participantKey = minji.Key, text });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidText");
        var room = await _client.GetFromJsonAsync<JsonElement>($"/api/rooms/{id}");
        Assert.Empty(room.GetProperty("turns").EnumerateArray());
    }

    [Fact]
    public async Task PostTurn_SameIdempotencyKeyTwice_ReturnsTheSameTurnOnce()
    {
        var id = await CreateRoomAsync();
        var minji = await JoinAsync(id, "민지");
        await JoinAsync(id, "서준");

        async Task<JsonElement> SubmitAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{id}/turns")
            {
                Content = JsonContent.Create(new { participantKey = minji.Key, text = "한 번." }),
            };
            request.Headers.Add("Idempotency-Key", "retry-me");
            var response = await _client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
        var first = await SubmitAsync();
        var second = await SubmitAsync();

        Assert.Equal(first.GetProperty("index").GetInt32(), second.GetProperty("index").GetInt32());
        var room = await _client.GetFromJsonAsync<JsonElement>($"/api/rooms/{id}");
        Assert.Single(room.GetProperty("turns").EnumerateArray());
    }

    [Fact]
    public async Task UnknownRoom_Returns404ProblemDetails()
    {
        var get = await _client.GetAsync("/api/rooms/AAAAAAAAAAAAAAAAAAAAAA");
        var join = await _client.PostAsJsonAsync("/api/rooms/AAAAAAAAAAAAAAAAAAAAAA/seats", new { name = "민지" });

        await AssertProblemAsync(get, HttpStatusCode.NotFound, "NotFound");
        await AssertProblemAsync(join, HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task PostSeats_FullRoom_Returns409Problem()
    {
        var created = await _client.PostAsJsonAsync("/api/rooms", new { title = "1인실", seatPlan = new[] { "human", "ai" } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await JoinAsync(id, "민지");

        var response = await _client.PostAsJsonAsync($"/api/rooms/{id}/seats", new { name = "서준" });

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "RoomFull");
    }

    [Fact]
    public async Task PostRooms_MissingTitle_Returns400Problem()
    {
        var response = await _client.PostAsJsonAsync("/api/rooms", new { premise = "제목이 없다" });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidSettings");
    }

    [Fact]
    public async Task PostRooms_MalformedJson_Returns400Problem()
    {
        using var content = new StringContent("{\"title\": ", Encoding.UTF8, "application/json");

        var response = await _client.PostAsync("/api/rooms", content);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequest");
    }

    [Fact]
    public async Task UnknownApiRoute_Returns404Problem()
    {
        var response = await _client.GetAsync("/api/nothing-here");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "NoRoute");
    }

    private async Task<string> CreateRoomAsync()
    {
        var response = await _client.PostAsJsonAsync("/api/rooms", new { title = "API 방", turnTimerSeconds = 0 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<(int? Seat, string Key)> JoinAsync(string id, string name)
    {
        var response = await _client.PostAsJsonAsync($"/api/rooms/{id}/seats", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var seat = body.GetProperty("seatId");
        return (seat.ValueKind == JsonValueKind.Null ? null : seat.GetInt32(), body.GetProperty("participantKey").GetString()!);
    }

    private static Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code) =>
        ApiAssert.ProblemAsync(response, status, code);
}
