namespace RelayNovel.Web.Rooms;

/// <summary>What a room's creator chooses. A null <see cref="SeatPlan"/> means the default plan: 4 human seats then 1 AI seat.</summary>
/// <remarks>The service stores and returns settings normalised: <see cref="SeatPlan"/> and <see cref="Ai"/> are never null in a snapshot.</remarks>
public sealed record RoomSettings(string Title, string Premise = "", string AuthorNote = "",
    IReadOnlyList<SeatKind>? SeatPlan = null,
    int MinTurnChars = 1, int MaxTurnChars = 2000, int TurnTimerSeconds = 300 /* 0 = no timer */,
    AiSettings? Ai = null)
{
    /// <summary>Human seats in join order, then the AI (DESIGN.md, Seats and turns).</summary>
    public static IReadOnlyList<SeatKind> DefaultSeatPlan { get; } =
        [SeatKind.Human, SeatKind.Human, SeatKind.Human, SeatKind.Human, SeatKind.Ai];
}
