using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Infrastructure;

/// <summary>What tests read back from a store: a room's turn or room record as stored (not as the room shows it).</summary>
public static class StoreReads
{
    public static async Task<TurnRecord> StoredTurnAsync(this IStoryStore store, string roomId, int index)
    {
        var stored = await store.LoadAsync(roomId) ?? throw new InvalidOperationException($"Room {roomId} is not stored.");
        return stored.Turns.Single(t => t.Index == index);
    }

    public static async Task<RoomRecord> StoredRoomAsync(this IStoryStore store, string roomId) =>
        (await store.LoadAsync(roomId))?.Room ?? throw new InvalidOperationException($"Room {roomId} is not stored.");

    public static async Task<IReadOnlyList<TurnRecord>> StoredTurnsAsync(this IStoryStore store, string roomId) =>
        (await store.LoadAsync(roomId))?.Turns ?? [];
}
