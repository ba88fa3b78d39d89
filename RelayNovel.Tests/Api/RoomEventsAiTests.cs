using System.Text.Json;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Api;

/// <summary>An AI turn seen over SSE, on the tiny random-weight model (it writes noise, but real tokens).</summary>
public sealed class RoomEventsAiTests : IAsyncLifetime
{
    private readonly RelayNovelAppFactory _app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Events_AiTurn_TokenDeltasAddUpToTheCommittedAiTurn()
    {
        // About 5 s of natural pacing: after a stall of a second or two the pace catches up, but still in steps.
        var ai = new AiSettings(MaxTokens: 96, EndAtSentence: false, Pace: AiPace.Natural);
        var room = await RoomSetup.CreateAsync(_app.Rooms,
            new RoomSettings("AI 방", "어느 봄날", SeatPlan: [SeatKind.Human, SeatKind.Ai], TurnTimerSeconds: 0, Ai: ai), "민지");
        await using var sse = await SseStream.GetAsync(_app.CreateClient(), $"/api/rooms/{room.Id}/events");
        await sse.NextOfTypeAsync("snapshot");

        await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "꽃이 피었다.", null);
        var seen = new List<JsonElement>();
        var committed = await sse.NextOfTypeAsync("turnCommitted", seen, e => e.GetProperty("seatIndex").GetInt32() == 1, TimeSpan.FromSeconds(60));

        var tokens = seen.Where(e => e.GetProperty("type").GetString() == "token").ToList();
        Assert.True(tokens.Count >= 2, $"the AI text should arrive in steps, saw {tokens.Count} token events");
        Assert.All(tokens, t => Assert.Equal("streaming", t.GetProperty("state").GetString()));
        var streamed = string.Concat(tokens.Select(t => t.GetProperty("delta").GetString()));
        Assert.Equal(tokens[^1].GetProperty("text").GetString(), streamed);
        Assert.Equal(streamed.Trim(), committed.GetProperty("turn").GetProperty("text").GetString());
        Assert.Equal("ai", committed.GetProperty("turn").GetProperty("kind").GetString());
        Assert.Contains(seen, e => e.GetProperty("type").GetString() == "queue");
    }
}
