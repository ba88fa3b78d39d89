using System.Net;
using System.Net.Http.Json;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Ops;

/// <summary>Owner and participant keys are capabilities: no log line, at any level, may carry one.</summary>
public sealed class KeyLoggingTests
{
    [Fact]
    public async Task RoomFlow_EveryLogLevel_NoKeyEverAppearsInTheLogs()
    {
        await using var app = OpsApp.Start(TestModels.TinyModelPath);
        var (id, ownerKey) = await app.CreateRoomAsync("human", "human", "ai");
        var (otherId, otherOwnerKey) = await app.CreateRoomAsync("human", "human");
        var owner = await app.JoinAsync(id, "방장", ownerKey);
        var guest = await app.JoinAsync(id, "손님");
        var stranger = await app.JoinAsync(otherId, "남");

        var outOfTurn = await app.SubmitAsync(id, guest, "새치기");
        var wrongRoom = await app.SubmitAsync(id, stranger, "다른 방 열쇠");
        (await app.SubmitAsync(id, owner, "기차가 멈췄다.")).EnsureSuccessStatusCode();
        (await app.SubmitAsync(id, guest, "역은 조용했다.")).EnsureSuccessStatusCode();
        var badJson = await app.Client.PostAsync($"/api/rooms/{id}/turns",
            new StringContent($"{{\"participantKey\":\"{owner}\",\"text\":", System.Text.Encoding.UTF8, "application/json"));
        var ownerAsSeat = await app.Client.PostAsJsonAsync($"/api/rooms/{otherId}/seats", new { name = "방장", ownerKey = otherOwnerKey });
        await Deadline.UntilAsync(async () => (await app.RoomAsync(id)).GetProperty("turns").GetArrayLength() >= 3, "the AI turn");

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.BadRequest), (outOfTurn.StatusCode, badJson.StatusCode));
        Assert.False(wrongRoom.IsSuccessStatusCode);
        Assert.True(ownerAsSeat.IsSuccessStatusCode);
        var entries = app.Logs.Entries;
        Assert.True(entries.Count > 50, $"Only {entries.Count} log entries were captured; the check would prove nothing.");
        foreach (var key in new[] { ownerKey, otherOwnerKey, owner, guest, stranger })
        {
            var leaks = entries.Where(e => e.Text.Contains(key, StringComparison.Ordinal)).Select(e => $"{e.Category}: {e.Text}").ToList();
            Assert.True(leaks.Count == 0, $"A key appeared in the logs:{Environment.NewLine}{string.Join(Environment.NewLine, leaks)}");
        }
    }
}
