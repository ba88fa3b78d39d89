using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RelayNovel.Tests.Ops;

/// <summary>
/// Per-client limits on HTTP writes: a burst past the limit is refused with 429 and Retry-After, none of it is
/// stored, and other clients keep writing.
/// </summary>
public sealed class WriteRateLimitTests
{
    private const string Burster = "203.0.113.7", Neighbour = "203.0.113.8";

    [Fact]
    public async Task Writes_BurstOverTheLimit_429WithRetryAfterNothingStoredOtherClientsUnaffected()
    {
        // Four writes per ten minutes: create, join, then two turns; everything after is over the limit.
        await using var app = OpsApp.Start(null, ("RelayNovel:WritesPerWindow", "4"), ("RelayNovel:WriteWindowSeconds", "600"));
        using var client = app.ClientFrom(Burster);
        using var neighbour = app.ClientFrom(Neighbour);
        var id = await IdOfAsync(await client.PostAsJsonAsync("/api/rooms", new { title = "폭주 방", seatPlan = new[] { "human" } }), "id");
        var key = await IdOfAsync(await client.PostAsJsonAsync($"/api/rooms/{id}/seats", new { name = "민지" }), "participantKey");

        var turns = new List<HttpResponseMessage>();
        for (var i = 1; i <= 5; i++)
        {
            turns.Add(await client.PostAsJsonAsync($"/api/rooms/{id}/turns", new { participantKey = key, text = $"{i}번째 문장." }));
        }
        var newRoom = await client.PostAsJsonAsync("/api/rooms", new { title = "넘친 방" });
        var room = await client.GetFromJsonAsync<JsonElement>($"/api/rooms/{id}");   // reads are not limited
        var neighbourRoom = await neighbour.PostAsJsonAsync("/api/rooms", new { title = "이웃 방" });

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            turns.Select(r => r.StatusCode));
        Assert.Equal((HttpStatusCode.TooManyRequests, HttpStatusCode.Created), (newRoom.StatusCode, neighbourRoom.StatusCode));
        foreach (var refused in turns.Skip(2).Append(newRoom))
        {
            var retryAfter = refused.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value.TotalSeconds, 1, 600);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(429, problem.GetProperty("status").GetInt32());
            Assert.Equal("RateLimited", problem.GetProperty("code").GetString());
            Assert.Contains("Too many writes", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(["1번째 문장.", "2번째 문장."], room.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Writes_LimitSetToZero_NeverRefused()
    {
        await using var app = OpsApp.Start(null, ("RelayNovel:WritesPerWindow", "0"));
        using var client = app.ClientFrom(Burster);
        var id = await IdOfAsync(await client.PostAsJsonAsync("/api/rooms", new { title = "무제한 방", seatPlan = new[] { "human" } }), "id");
        var key = await IdOfAsync(await client.PostAsJsonAsync($"/api/rooms/{id}/seats", new { name = "민지" }), "participantKey");

        var statuses = new List<HttpStatusCode>();
        // More than the default limit (120 per 10 s) would allow.
        for (var i = 1; i <= 125; i++)
        {
            statuses.Add((await client.PostAsJsonAsync($"/api/rooms/{id}/turns", new { participantKey = key, text = $"{i}번째 문장." })).StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
    }

    private static async Task<string> IdOfAsync(HttpResponseMessage created, string property)
    {
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty(property).GetString()!;
    }
}
