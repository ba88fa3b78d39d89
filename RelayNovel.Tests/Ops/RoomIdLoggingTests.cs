using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Ops;

/// <summary>Issue 16 item 6: a room id is its invitation, so the app's logs at Information and above never carry one.</summary>
public sealed class RoomIdLoggingTests
{
    [Fact]
    public async Task RoomFlow_InformationAndAbove_NoRoomIdInTheAppsOwnLogs()
    {
        await using var app = OpsApp.Start(TestModels.TinyModelPath);
        var (id, ownerKey) = await app.CreateRoomAsync("human", "ai");
        var writer = await app.JoinAsync(id, "민지", ownerKey);
        (await app.SubmitAsync(id, writer, "기차가 멈췄다.")).EnsureSuccessStatusCode();
        await Deadline.UntilAsync(async () => (await app.RoomAsync(id)).GetProperty("turns").GetArrayLength() >= 2, "the AI turn");
        var exported = await app.Client.GetStringAsync($"/api/rooms/{id}/export?format=json");
        var import = await app.Client.PostAsync("/api/rooms/import", new StringContent(exported, Encoding.UTF8, "application/json"));
        import.EnsureSuccessStatusCode();
        var importedId = (await import.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var entries = app.Logs.Entries.Where(e => e.Level >= LogLevel.Information && e.Category.StartsWith("RelayNovel", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(entries);
        Assert.Contains(app.Logs.Entries, e => e.Text.Contains(id, StringComparison.Ordinal));   // still there for Debug, so the check can fail
        foreach (var roomId in new[] { id, importedId })
        {
            var leaks = entries.Where(e => e.Text.Contains(roomId, StringComparison.Ordinal)).Select(e => $"{e.Level} {e.Category}: {e.Text}").ToList();
            Assert.True(leaks.Count == 0, $"A room id appeared in the logs:{Environment.NewLine}{string.Join(Environment.NewLine, leaks)}");
        }
    }
}
