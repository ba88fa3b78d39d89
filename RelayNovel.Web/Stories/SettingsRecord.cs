using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Stories;

/// <summary>Stored form of <see cref="RoomSettings"/> (flat, so the file stays readable and mapper-independent).</summary>
public sealed class SettingsRecord
{
    public string Title { get; set; } = "";
    public string Premise { get; set; } = "";
    public string AuthorNote { get; set; } = "";
    public List<SeatKind> SeatPlan { get; set; } = [];
    public int MinTurnChars { get; set; }
    public int MaxTurnChars { get; set; }
    public int TurnTimerSeconds { get; set; }
    public SamplerRecord Sampler { get; set; } = new();
    public AiPace Pace { get; set; }

    public static SettingsRecord From(RoomSettings s)
    {
        var ai = s.Ai ?? new AiSettings();
        return new SettingsRecord
        {
            Title = s.Title, Premise = s.Premise, AuthorNote = s.AuthorNote,
            SeatPlan = [.. s.SeatPlan ?? RoomSettings.DefaultSeatPlan],
            MinTurnChars = s.MinTurnChars, MaxTurnChars = s.MaxTurnChars, TurnTimerSeconds = s.TurnTimerSeconds,
            Sampler = SamplerRecord.From(ai), Pace = ai.Pace,
        };
    }

    public RoomSettings ToSettings() => new(Title, Premise, AuthorNote, [.. SeatPlan], MinTurnChars, MaxTurnChars,
        TurnTimerSeconds, Sampler.ToAiSettings(Pace));
}
