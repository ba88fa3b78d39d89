using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.LiteDb;

namespace RelayNovel.Tests.Ops;

/// <summary>Issue 15: <c>POST /api/rooms/{id}/fork</c> is a write like creating a room: it draws from the client's write budget.</summary>
public sealed class ForkWriteLimitTests
{
    private const string Burster = "203.0.113.17", Neighbour = "203.0.113.18";

    [Fact]
    public async Task Fork_ClientOverItsWriteBudget_429AndNoRoomWhileAnotherClientForks()
    {
        // Three writes per ten minutes: create, join and one turn; the fork after them is over the limit.
        await using var app = OpsApp.Start(null, ("RelayNovel:WritesPerWindow", "3"), ("RelayNovel:WriteWindowSeconds", "600"));
        using var client = app.ClientFrom(Burster);
        using var neighbour = app.ClientFrom(Neighbour);
        var created = await client.PostAsJsonAsync("/api/rooms", new { title = "갈래 방", seatPlan = new[] { "human" }, turnTimerSeconds = 0 });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var joined = await client.PostAsJsonAsync($"/api/rooms/{id}/seats", new { name = "민지" });
        var key = (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantKey").GetString()!;
        (await client.PostAsJsonAsync($"/api/rooms/{id}/turns", new { participantKey = key, text = "첫 문장." })).EnsureSuccessStatusCode();
        var store = (LiteDbStoryStore)app.App.Services.GetRequiredService<IStoryStore>();
        var before = store.RoomCount();

        var refused = await client.PostAsJsonAsync($"/api/rooms/{id}/fork", new { turnIndex = 0 });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Equal("RateLimited", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(before, store.RoomCount());
        Assert.Equal(HttpStatusCode.Created, (await neighbour.PostAsJsonAsync($"/api/rooms/{id}/fork", new { turnIndex = 0 })).StatusCode);
        Assert.Equal(before + 1, store.RoomCount());
    }
}
