using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Stories;

/// <summary>
/// The app on PostgreSQL while the database restarts: writes meanwhile are refused with 503 and a problem (nothing
/// half-stored), the room takes writes again once the database is back, and every acknowledged turn is there once.
/// </summary>
public sealed class PostgresRestartTests : IDisposable
{
    private readonly PostgresServer _server = PostgresServer.Start(durable: true);

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task SubmitTurn_WhileTheDatabaseRestarts_Refused503ThenAcceptedAndNoAcknowledgedTurnLost()
    {
        var acknowledged = new List<string>();
        string roomId;
        await using (var app = App())
        {
            var client = app.CreateClient();
            var created = await Json(await client.PostAsJsonAsync("api/rooms", new { title = "재시작", seatPlan = new[] { "human" }, turnTimerSeconds = 0 }));
            roomId = created.GetProperty("id").GetString()!;
            var key = (await Json(await client.PostAsJsonAsync($"api/rooms/{roomId}/seats", new { name = "민지" }))).GetProperty("participantKey").GetString()!;
            for (var i = 1; i <= 3; i++)
            {
                acknowledged.Add(await SubmitAsync(client, roomId, key, $"{i}번째 문장."));
            }

            _server.Pause();
            var refused = await client.PostAsJsonAsync($"api/rooms/{roomId}/turns", new { participantKey = key, text = "멈춘 동안.", submissionId = "during" });
            var problem = await ApiAssert.ProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "StoreUnavailable");
            var retryAfter = refused.Headers.RetryAfter?.Delta;
            _server.Resume();
            acknowledged.Add(await SubmitUntilAcceptedAsync(client, roomId, key, "다시 열린 뒤.", "after"));

            Assert.NotNull(retryAfter);
            Assert.Contains("nothing was stored", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(acknowledged, await TurnTextsAsync(client, roomId));
        }
        await using var restarted = App();   // the same database, a fresh node
        Assert.Equal(acknowledged, await TurnTextsAsync(restarted.CreateClient(), roomId));
    }

    private RelayNovelAppFactory App() => new RelayNovelAppFactory()
        .Set("RelayNovel:Store", "postgres")
        .Set("RelayNovel:PostgresConnection", _server.ConnectionString("postgres"))
        .Set("RelayNovel:WritesPerWindow", "0");

    private static async Task<string> SubmitAsync(HttpClient client, string roomId, string key, string text)
    {
        var response = await client.PostAsJsonAsync($"api/rooms/{roomId}/turns", new { participantKey = key, text, submissionId = text });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return text;
    }

    /// <summary>What a client told to retry does: the same submission again until it is taken (pooled connections die with the restart).</summary>
    private static async Task<string> SubmitUntilAcceptedAsync(HttpClient client, string roomId, string key, string text, string submissionId)
    {
        HttpStatusCode status = default;
        await Deadline.UntilAsync(async () =>
        {
            var response = await client.PostAsJsonAsync($"api/rooms/{roomId}/turns", new { participantKey = key, text, submissionId });
            status = response.StatusCode;
            return status == HttpStatusCode.Created || status != HttpStatusCode.ServiceUnavailable;
        }, "the room to take writes again after the database restarted", TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Created, status);
        return text;
    }

    private static async Task<List<string>> TurnTextsAsync(HttpClient client, string roomId) =>
        [.. (await Json(await client.GetAsync($"api/rooms/{roomId}"))).GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("text").GetString()!)];

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
