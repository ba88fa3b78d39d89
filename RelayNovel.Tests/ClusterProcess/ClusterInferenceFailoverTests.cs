using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RelayNovel.Tests.Browser;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms.Generation;
using Xunit.Abstractions;

namespace RelayNovel.Tests.ClusterProcess;

/// <summary>
/// The inference node dies: on <c>tools/cluster.sh up --nodes 1</c> the inference process is killed (SIGKILL). People go
/// on writing on the web node, the room says the AI cannot write now (its AI turn passes with that note instead of
/// hanging), and once <c>tools/cluster.sh restart inference</c> brings the node back, the room's AI writes again.
/// </summary>
public sealed class ClusterInferenceFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [ChromiumFact]   // the cluster tests need what the browser tests' machine has (nginx, PostgreSQL, Redis)
    public async Task InferenceNode_Killed_HumansWriteOnRoomSaysAiUnavailableAndRestartBringsTheAiBack()
    {
        var script = new ClusterScript();
        try
        {
            await script.UpAsync(nodes: 1);
            using var web = new HttpClient { BaseAddress = script.Nodes["web1"].Url, Timeout = Patience };
            var created = await web.PostAsJsonAsync("/api/rooms", new
            {
                title = "엔진 없는 밤", seatPlan = new[] { "human", "ai" }, turnTimerSeconds = 0,
                ai = new { maxTokens = 24, endAtSentence = false, pace = "asGenerated" },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var roomId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var joined = await web.PostAsJsonAsync($"/api/rooms/{roomId}/seats", new { name = "민지" });
            var key = (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantKey").GetString()!;
            await Deadline.UntilAsync(async () => (await RoomAsync(web, roomId)).GetProperty("aiUnavailableReason").ValueKind == JsonValueKind.Null,
                "the web node to see the inference node", Patience);

            await script.KillAsync("inference");
            await Deadline.UntilAsync(async () => (await RoomAsync(web, roomId)).GetProperty("aiUnavailableReason").GetString() == InferenceCatalog.NoNodeReason,
                "the room to say the AI is unavailable", TimeSpan.FromSeconds(120));

            // Human writing goes on: each turn is taken, and the AI seat's turn passes with a note instead of waiting.
            foreach (var text in new[] { "엔진이 멈춘 뒤에도 민지는 썼다.", "그리고 한 줄 더 썼다." })
            {
                var turn = await web.PostAsJsonAsync($"/api/rooms/{roomId}/turns", new { participantKey = key, text });
                Assert.Equal(HttpStatusCode.Created, turn.StatusCode);
                await Deadline.UntilAsync(async () => await BatonIsHumanAsync(web, roomId), "the baton to come back to the person", Patience);
            }
            var passed = (await RoomAsync(web, roomId)).GetProperty("turns").EnumerateArray().Where(t => t.GetProperty("seatIndex").GetInt32() == 1).ToList();
            Assert.NotEmpty(passed);
            Assert.All(passed, t => Assert.NotEqual("ai", t.GetProperty("kind").GetString()!.ToLowerInvariant()));

            var pid = await script.RestartAsync("inference");
            output.WriteLine($"inference restarted as pid {pid}");
            await Deadline.UntilAsync(async () => (await RoomAsync(web, roomId)).GetProperty("aiUnavailableReason").ValueKind == JsonValueKind.Null,
                "the room to see the AI again", TimeSpan.FromSeconds(120));
            var next = await web.PostAsJsonAsync($"/api/rooms/{roomId}/turns", new { participantKey = key, text = "엔진이 돌아오자 비가 그쳤다." });
            Assert.Equal(HttpStatusCode.Created, next.StatusCode);
            await Deadline.UntilAsync(async () => (await RoomAsync(web, roomId)).GetProperty("turns").EnumerateArray()
                .Any(t => t.GetProperty("kind").GetString()!.Equals("ai", StringComparison.OrdinalIgnoreCase)), "the AI to write again", TimeSpan.FromSeconds(120));
        }
        finally
        {
            await script.DownAsync();
        }
    }

    private static async Task<JsonElement> RoomAsync(HttpClient web, string roomId) =>
        await web.GetFromJsonAsync<JsonElement>($"/api/rooms/{roomId}");

    private static async Task<bool> BatonIsHumanAsync(HttpClient web, string roomId)
    {
        var room = await RoomAsync(web, roomId);
        return room.GetProperty("batonSeatIndex").GetInt32() == 0 && room.GetProperty("aiStream").ValueKind == JsonValueKind.Null;
    }
}
