using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Components.Shared;

/// <summary>
/// The editable form behind "create a room" and the owner's settings dialog. The seat plan is entered as
/// counts plus where the AI seats sit, because that is how people describe a relay ("three of us, then the AI").
/// </summary>
public sealed class RoomSettingsModel
{
    public const int MaxTitleChars = 80;
    public const int MaxPremiseChars = 2000;
    public const int MaxAuthorNoteChars = 1000;
    public const int MaxHumanSeats = 8;
    public const int MaxAiSeats = 4;
    public const int MaxTurnCharsLimit = 10000;
    public const int MaxTimerSeconds = 3600;
    public const int DefaultMaxTokensLimit = 512;

    public string Title { get; set; } = "";
    public string Premise { get; set; } = "";
    public string AuthorNote { get; set; } = "";
    private int _humanSeats = 4;

    /// <summary>
    /// Human seats. The AI's place follows a change: an AI that wrote last stays last, and one placed after more
    /// seats than there now are moves to the end (else lowering the count left the form refused for a field not touched).
    /// </summary>
    public int HumanSeats
    {
        get => _humanSeats;
        set
        {
            if (value >= 0 && (AiPosition == _humanSeats || AiPosition > value))
            {
                AiPosition = value;
            }
            _humanSeats = value;
        }
    }

    public int AiSeats { get; set; } = 1;

    /// <summary>How many human seats write before the AI seats (0 = the AI writes first).</summary>
    public int AiPosition { get; set; } = 4;

    public int MinTurnChars { get; set; } = 1;
    public int MaxTurnChars { get; set; } = 2000;
    public int TurnTimerSeconds { get; set; } = 300;
    public double Temperature { get; set; } = 0.8;
    public int TopK { get; set; } = 50;
    public double TopP { get; set; } = 0.95;
    public double RepetitionPenalty { get; set; } = 1.1;
    public int MaxTokens { get; set; } = 120;
    public bool EndAtSentence { get; set; } = true;
    public AiPace Pace { get; set; } = AiPace.Natural;

    /// <summary>The most new tokens the loaded model can serve (half its context; see <c>RoomSettingsRules.MaxTokensFor</c>).</summary>
    public int MaxTokensLimit { get; set; } = DefaultMaxTokensLimit;

    /// <summary>Set when editing an existing room: its seat order is kept as it is.</summary>
    public IReadOnlyList<SeatKind>? FixedSeatPlan { get; set; }

    /// <summary>True when the form edits an existing room (its values are the room's, not defaults).</summary>
    public bool IsEditing => FixedSeatPlan is not null;

    public IReadOnlyList<SeatKind> SeatPlan()
    {
        if (FixedSeatPlan is not null)
        {
            return FixedSeatPlan;
        }
        var plan = Enumerable.Repeat(SeatKind.Human, Math.Max(0, HumanSeats)).ToList();
        plan.InsertRange(Math.Clamp(AiPosition, 0, plan.Count), Enumerable.Repeat(SeatKind.Ai, Math.Max(0, AiSeats)));
        return plan;
    }

    /// <summary>Field name → resource key of the message; empty when the form can be sent.</summary>
    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        void Check(bool ok, string field, string key)
        {
            if (!ok)
            {
                errors.TryAdd(field, key);
            }
        }

        Check(!string.IsNullOrWhiteSpace(Title), nameof(Title), "Validation.TitleRequired");
        Check(Title.Length <= MaxTitleChars, nameof(Title), "Validation.TitleTooLong");
        Check(Premise.Length <= MaxPremiseChars, nameof(Premise), "Validation.PremiseTooLong");
        Check(AuthorNote.Length <= MaxAuthorNoteChars, nameof(AuthorNote), "Validation.AuthorNoteTooLong");
        Check(HumanSeats is >= 1 and <= MaxHumanSeats, nameof(HumanSeats), "Validation.HumanSeats");
        Check(AiSeats is >= 0 and <= MaxAiSeats, nameof(AiSeats), "Validation.AiSeats");
        Check(AiPosition >= 0 && AiPosition <= HumanSeats, nameof(AiPosition), "Validation.AiPosition");
        Check(MaxTurnChars is >= 1 and <= MaxTurnCharsLimit, nameof(MaxTurnChars), "Validation.MaxTurnChars");
        Check(MinTurnChars >= 1 && MinTurnChars <= MaxTurnChars, nameof(MinTurnChars), "Validation.MinTurnChars");
        Check(TurnTimerSeconds == 0 || TurnTimerSeconds is >= 30 and <= MaxTimerSeconds, nameof(TurnTimerSeconds), "Validation.TurnTimer");
        Check(Temperature is >= 0.1 and <= 2.0, nameof(Temperature), "Validation.Temperature");
        Check(TopK is >= 0 and <= 1000, nameof(TopK), "Validation.TopK");
        Check(TopP is > 0.0 and <= 1.0, nameof(TopP), "Validation.TopP");
        Check(RepetitionPenalty is >= 1.0 and <= 2.0, nameof(RepetitionPenalty), "Validation.RepetitionPenalty");
        Check(MaxTokens >= 1 && MaxTokens <= MaxTokensLimit, nameof(MaxTokens), "Validation.MaxTokens");
        return errors;
    }

    public RoomSettings ToSettings() => new(
        Title.Trim(), Premise.Trim(), AuthorNote.Trim(), SeatPlan(), MinTurnChars, MaxTurnChars, TurnTimerSeconds,
        new AiSettings((float)Temperature, TopK, (float)TopP, (float)RepetitionPenalty, MaxTokens, EndAtSentence, Pace));

    public static RoomSettingsModel FromSettings(RoomSettings settings)
    {
        var plan = settings.SeatPlan ?? [SeatKind.Human, SeatKind.Human, SeatKind.Human, SeatKind.Human, SeatKind.Ai];
        var firstAi = plan.ToList().IndexOf(SeatKind.Ai);
        var ai = settings.Ai ?? new AiSettings();
        return new RoomSettingsModel
        {
            Title = settings.Title,
            Premise = settings.Premise,
            AuthorNote = settings.AuthorNote,
            HumanSeats = plan.Count(k => k == SeatKind.Human),
            AiSeats = plan.Count(k => k == SeatKind.Ai),
            AiPosition = firstAi < 0 ? plan.Count : firstAi,
            MinTurnChars = settings.MinTurnChars,
            MaxTurnChars = settings.MaxTurnChars,
            TurnTimerSeconds = settings.TurnTimerSeconds,
            Temperature = Math.Round(ai.Temperature, 3),
            TopK = ai.TopK,
            TopP = Math.Round(ai.TopP, 3),
            RepetitionPenalty = Math.Round(ai.RepetitionPenalty, 3),
            MaxTokens = ai.MaxTokens,
            EndAtSentence = ai.EndAtSentence,
            Pace = ai.Pace,
            FixedSeatPlan = plan,
        };
    }
}
