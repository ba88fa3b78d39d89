using System.Text.Json;
using RelayNovel.Soak;

namespace RelayNovel.Tests.Faults;

/// <summary>Reads a room over HTTP until it reaches a state (a deadline, never a fixed sleep).</summary>
public static class RoomPolling
{
    public static async Task<JsonElement> UntilAsync(RoomApiClient api, string roomId, Func<JsonElement, bool> reached,
        string what, TimeSpan? timeout = null)
    {
        var end = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var room = await api.GetRoomAsync(roomId);
            if (reached(room))
            {
                return room;
            }
            if (DateTime.UtcNow > end)
            {
                throw new TimeoutException($"Timed out waiting for {what}; the room was: {room}");
            }
            await Task.Delay(25);
        }
    }

    public static JsonElement[] Turns(JsonElement room) => [.. room.GetProperty("turns").EnumerateArray()];

    public static string? AiVisibleText(JsonElement room) =>
        room.GetProperty("aiStream") is { ValueKind: JsonValueKind.Object } ai ? ai.GetProperty("visibleText").GetString() : null;
}
