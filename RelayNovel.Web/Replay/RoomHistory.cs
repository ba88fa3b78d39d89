using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Replay;

/// <summary>A room as it is now plus every stored turn with its timeline (draft snapshots, token chunks).</summary>
public sealed record RoomHistory(RoomSnapshot Room, IReadOnlyList<TurnRecord> Turns);
