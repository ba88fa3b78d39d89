using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary><c>POST /api/rooms</c>: a title and premise, and optionally the rest of <see cref="RoomSettings"/>.</summary>
public sealed record CreateRoomRequest(string? Title, string? Premise = null, string? AuthorNote = null,
    IReadOnlyList<SeatKind>? SeatPlan = null, int? MinTurnChars = null, int? MaxTurnChars = null,
    int? TurnTimerSeconds = null, AiSettings? Ai = null)
{
    public RoomSettings ToSettings()
    {
        var defaults = new RoomSettings(Title ?? "");
        return defaults with
        {
            Premise = Premise ?? "",
            AuthorNote = AuthorNote ?? "",
            SeatPlan = SeatPlan,
            MinTurnChars = MinTurnChars ?? defaults.MinTurnChars,
            MaxTurnChars = MaxTurnChars ?? defaults.MaxTurnChars,
            TurnTimerSeconds = TurnTimerSeconds ?? defaults.TurnTimerSeconds,
            Ai = Ai,
        };
    }
}
