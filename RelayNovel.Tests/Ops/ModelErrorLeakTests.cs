using System.Net.Http.Json;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Tests.Ops;

/// <summary>Issue 16 item 6: a model that fails to load is explained plainly in rooms, turn notes and exports; its path stays in the log.</summary>
public sealed class ModelErrorLeakTests
{
    [Fact]
    public async Task AiSeat_ModelFolderCannotBeLoaded_RoomNoteAndExportSayItPlainlyWithoutThePath()
    {
        await using var app = OpsApp.Start(modelPath: null);
        var (id, _) = await app.CreateRoomAsync("human", "ai");
        var writer = await app.JoinAsync(id, "민지");

        (await app.SubmitAsync(id, writer, "기차가 멈췄다.")).EnsureSuccessStatusCode();

        var room = await app.RoomAsync(id);
        var exported = await app.Client.GetStringAsync($"/api/rooms/{id}/export?format=json");
        var services = app.App.Services;
        var note = (await ((RoomClient)services.GetService(typeof(RoomClient))!).HistoryAsync(id))!.Turns[1].Note!;
        Assert.Contains("could not be loaded", note, StringComparison.Ordinal);
        foreach (var shown in new[] { note, room.GetProperty("aiUnavailableReason").GetString()!, exported })
        {
            Assert.DoesNotContain(app.ModelPath, shown, StringComparison.Ordinal);
        }
        Assert.Contains(app.Logs.Entries, e => e.Text.Contains(app.ModelPath, StringComparison.Ordinal));   // the detail is logged
    }
}
