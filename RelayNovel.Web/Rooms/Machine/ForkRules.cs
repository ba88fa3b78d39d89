using System.Text.Json;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>
/// Forks: a new room holding a source room's history up to a turn. The history goes through the import's rules and
/// storage (<see cref="CreateRules.Import"/>), so a fork holds nothing an import could not, and differs only in
/// remembering its immediate source.
/// </summary>
internal static class ForkRules
{
    /// <summary>
    /// Copies of <paramref name="history"/>'s turns 0 … <paramref name="turnIndex"/> with everything replay needs
    /// (drafts, token chunks, times, alternatives, votes); the source's own records are never handed on, since the new
    /// room's rules change its turns. Refuses an index outside the history or a withdrawn turn (not part of the story).
    /// </summary>
    public static List<TurnRecord> TakeHistory(IReadOnlyList<TurnRecord> history, int turnIndex)
    {
        if (turnIndex < 0 || turnIndex >= history.Count)
        {
            throw new RoomException(RoomErrorCode.InvalidSettings, history.Count == 0
                ? "This room has no turns yet, so there is nothing to fork from."
                : $"There is no turn {turnIndex} to fork from: turns are numbered 0 to {history.Count - 1}.")
            {
                TextKey = "Fork.NoSuchTurn",
            };
        }
        if (history[turnIndex].Withdrawn)
        {
            throw new RoomException(RoomErrorCode.InvalidSettings,
                $"Turn {turnIndex} was taken back by its author, so it is not part of the story; fork from another turn.")
            {
                TextKey = "Fork.Withdrawn",
            };
        }
        return [.. history.Take(turnIndex + 1).Select(Copy)];
    }

    public static RoomState Fork(RoomMachine machine, ForkRoom fork, RoomContext context)
    {
        var state = CreateRules.Import(machine, new ImportRoom(fork.RoomId, fork.OwnerKeyHash, fork.Settings, fork.Turns, fork.Glossary,
            fork.Chapters?.Where(c => c.TurnIndex < fork.Turns.Count).ToList()), context);
        state.Doc.ForkedFrom = new ForkOriginRecord { RoomId = fork.SourceRoomId, TurnIndex = fork.SourceTurnIndex };
        return state;
    }

    // The stored shape round-trips through JSON (both stores keep turns as JSON documents), so this copies all of it.
    private static TurnRecord Copy(TurnRecord turn) =>
        JsonSerializer.Deserialize<TurnRecord>(JsonSerializer.SerializeToUtf8Bytes(turn))!;
}
