namespace RelayNovel.Web.Rooms;

/// <summary>Checks and normalises what a creator or owner chose; refusals name the setting and the allowed range.</summary>
internal static class RoomSettingsRules
{
    public const int MaxTitle = 100;
    public const int MaxPremise = 4000;
    public const int MaxAuthorNote = 1000;
    public const int MaxSeats = 12;
    public const int MaxTurnCharsLimit = 20_000;
    public const int MaxTimerSeconds = 86_400;
    public const int MaxNameLength = 40;
    public const int MaxTokensLimit = 1000;

    /// <summary>
    /// The most new tokens an AI turn may ask for with a model that reads <paramref name="contextTokens"/> (0 = not
    /// known, no model): half the context, so the story always keeps at least the other half of what the model reads.
    /// </summary>
    public static int MaxTokensFor(int contextTokens) =>
        contextTokens > 1 ? Math.Min(MaxTokensLimit, contextTokens / 2) : MaxTokensLimit;

    /// <summary>Checks and normalises; <paramref name="contextTokens"/> (the model's context, 0 = unknown) caps max tokens.</summary>
    public static RoomSettings Normalise(RoomSettings? settings, int contextTokens = 0)
    {
        if (settings is null)
        {
            throw Invalid("Room settings are missing.");
        }
        var title = (settings.Title ?? "").Trim();
        if (title.Length == 0)
        {
            throw Invalid("The room needs a title.");
        }
        Check(title.Length <= MaxTitle, $"The title can be at most {MaxTitle} characters.");
        TurnTextRules.CheckCharacters(title, "The title", allowNewLines: false, RoomErrorCode.InvalidSettings);
        var premise = TurnTextRules.Normalise(settings.Premise).Trim();
        Check(premise.Length <= MaxPremise, $"The premise can be at most {MaxPremise} characters.");
        TurnTextRules.CheckCharacters(premise, "The premise", code: RoomErrorCode.InvalidSettings);
        var note = TurnTextRules.Normalise(settings.AuthorNote).Trim();
        Check(note.Length <= MaxAuthorNote, $"The author's note can be at most {MaxAuthorNote} characters.");
        TurnTextRules.CheckCharacters(note, "The author's note", code: RoomErrorCode.InvalidSettings);

        var plan = settings.SeatPlan ?? RoomSettings.DefaultSeatPlan;
        Check(plan.Count is >= 1 and <= MaxSeats, $"A room has 1 to {MaxSeats} seats.");
        Check(plan.Contains(SeatKind.Human), "A room needs at least one human seat.");
        Check(plan.All(Enum.IsDefined), "Unknown seat kind.");
        Check(settings.MaxTurnChars is >= 1 and <= MaxTurnCharsLimit, $"The turn length limit is 1 to {MaxTurnCharsLimit} characters.");
        Check(settings.MinTurnChars >= 1 && settings.MinTurnChars <= settings.MaxTurnChars,
            "The minimum turn length must be at least 1 and not above the maximum.");
        Check(settings.TurnTimerSeconds is >= 0 and <= MaxTimerSeconds, $"The turn timer is 0 (off) to {MaxTimerSeconds} seconds.");

        var ai = settings.Ai ?? new AiSettings();
        Check(float.IsFinite(ai.Temperature) && ai.Temperature is >= 0f and <= 2f, "Temperature is 0 to 2.");
        Check(ai.TopK is >= 0 and <= 1000, "Top-k is 0 (off) to 1000.");
        Check(float.IsFinite(ai.TopP) && ai.TopP is > 0f and <= 1f, "Top-p is above 0 and at most 1.");
        Check(float.IsFinite(ai.RepetitionPenalty) && ai.RepetitionPenalty is >= 1f and <= 2f, "The repetition penalty is 1 to 2.");
        var maxTokens = MaxTokensFor(contextTokens);
        Check(ai.MaxTokens >= 1 && ai.MaxTokens <= maxTokens, contextTokens > 1 && maxTokens < MaxTokensLimit
            ? $"Max tokens is 1 to {maxTokens} with this model: it reads {contextTokens} tokens, and half of them are kept for the story."
            : $"Max tokens is 1 to {maxTokens}.");
        Check(Enum.IsDefined(ai.Pace), "Unknown AI pace.");

        return settings with { Title = title, Premise = premise, AuthorNote = note, SeatPlan = [.. plan], Ai = ai };
    }

    public static string DisplayName(string? name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0)
        {
            throw new RoomException(RoomErrorCode.InvalidText, "Pick a name to join with.");
        }
        if (trimmed.Length > MaxNameLength)
        {
            throw new RoomException(RoomErrorCode.TooLong, $"A name can be at most {MaxNameLength} characters.");
        }
        TurnTextRules.CheckCharacters(trimmed, "A name", allowNewLines: false);
        return trimmed;
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw Invalid(message);
        }
    }

    private static RoomException Invalid(string message) => new(RoomErrorCode.InvalidSettings, message);
}
