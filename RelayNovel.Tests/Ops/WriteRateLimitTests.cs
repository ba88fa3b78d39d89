using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RelayNovel.Tests.Ops;

/// <summary>Per-client limits on HTTP writes: a burst past the limit is refused with 429 and Retry-After, and none of it is stored.</summary>
public sealed class WriteRateLimitTests
{
    [Fact]
    public async Task Writes_BurstOverTheLimit_429WithRetryAfterAndNothingStored()
    {
        // Four writes per ten minutes: create, join, then two turns; everything after is over the limit.
        await using var app = OpsApp.Start(null, ("RelayNovel:WritesPerWindow", "4"), ("RelayNovel:WriteWindowSeconds", "600"));
        var (id, _) = await app.CreateRoomAsync("human");
        var key = await app.JoinAsync(id, "민지");

        var turns = new List<HttpResponseMessage>();
        for (var i = 1; i <= 5; i++)
        {
            turns.Add(await app.SubmitAsync(id, key, $"{i}번째 문장."));
        }
        var newRoom = await app.Client.PostAsJsonAsync("/api/rooms", new { title = "넘친 방" });
        var room = await app.RoomAsync(id);   // reads are not limited

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            turns.Select(r => r.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, newRoom.StatusCode);
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
        var (id, _) = await app.CreateRoomAsync("human");
        var key = await app.JoinAsync(id, "민지");

        var statuses = new List<HttpStatusCode>();
        // More than the default limit (120 per 10 s) would allow.
        for (var i = 1; i <= 125; i++)
        {
            statuses.Add((await app.SubmitAsync(id, key, $"{i}번째 문장.")).StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
    }
}
