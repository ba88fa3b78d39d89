using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Components.Shared;

/// <summary>One colour per author so the story reads as a relay; the AI always has its own colour.</summary>
public static class AuthorPalette
{
    // Mid-saturation hues that keep contrast as a border and as a faint tint on both light and dark themes.
    private static readonly string[] HumanColours =
        ["#1e88e5", "#e53935", "#43a047", "#fb8c00", "#00897b", "#d81b60", "#6d4c41", "#3949ab"];

    public const string AiColour = "#8e24aa";

    public static string ForSeat(int seatIndex, SeatKind kind) =>
        kind == SeatKind.Ai ? AiColour : HumanColours[((seatIndex % HumanColours.Length) + HumanColours.Length) % HumanColours.Length];

    /// <summary>CSS for a block written by this author: coloured edge and a light tint (hex alpha 1A ≈ 10%).</summary>
    public static string BlockStyle(int seatIndex, SeatKind kind)
    {
        var colour = ForSeat(seatIndex, kind);
        return $"border-left: 4px solid {colour}; background-color: {colour}1A;";
    }
}
