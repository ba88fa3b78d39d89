namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The room rules' tunable numbers (from <see cref="Hosting.RelayNovelOptions"/>).</summary>
public sealed record RoomRules
{
    /// <summary>How long after the last page closed or API call a room still counts as attended (timers run, the AI writes).</summary>
    public int AttendedWindowSeconds { get; init; } = 120;

    /// <summary>How long the baton holder may be without a page before the turn passes on (0: never).</summary>
    public int DisconnectGraceSeconds { get; init; } = 90;

    public int TypingWindowSeconds { get; init; } = 3;

    /// <summary>The natural reveal pace of AI text.</summary>
    public double NaturalTokensPerSecond { get; init; } = 18;

    public long RoomStorageLimitBytes { get; init; } = 8L * 1024 * 1024;

    public static RoomRules From(Hosting.RelayNovelOptions options) => new()
    {
        AttendedWindowSeconds = options.AttendedWindowSeconds,
        DisconnectGraceSeconds = options.DisconnectGraceSeconds,
        TypingWindowSeconds = options.TypingWindowSeconds,
        NaturalTokensPerSecond = options.NaturalTokensPerSecond,
        RoomStorageLimitBytes = options.RoomStorageLimitBytes,
    };
}
