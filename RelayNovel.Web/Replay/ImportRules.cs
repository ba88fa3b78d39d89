using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Replay;

/// <summary>
/// What an imported history must look like to be stored: the same limits a live room keeps, so an import can't
/// hold anything a room could not have written. Refusals name the turn and the rule.
/// </summary>
internal static class ImportRules
{
    public const int MaxTurns = 20_000;
    public const int MaxFramesPerTurn = 10_000;
    public const int MaxLabel = 200;

    /// <summary>A turn's note (why an AI turn was skipped: the app's own message, model paths included); the app keeps at most this much.</summary>
    public const int MaxNote = 2000;

    private static readonly long MaxUnixMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static void Check(IReadOnlyList<SeatKind> plan, IReadOnlyList<TurnRecord> turns)
    {
        if (turns.Count > MaxTurns)
        {
            throw new RoomException(RoomErrorCode.InvalidSettings, $"An imported room can have at most {MaxTurns} turns; this one has {turns.Count}.")
            {
                TextKey = "Import.TooManyTurns",
                TextArgs = [MaxTurns, turns.Count],
            };
        }
        for (var i = 0; i < turns.Count; i++)
        {
            try
            {
                CheckTurn(plan, turns[i], i);
            }
            catch (RoomException ex) when (ex.TextKey is null)
            {
                // The English detail stays for the API; the page says which turn (as people count them) to look at.
                throw new RoomException(ex.Code, ex.Message) { TextKey = "Import.BadTurn", TextArgs = [i + 1] };
            }
        }
    }

    private static void CheckTurn(IReadOnlyList<SeatKind> plan, TurnRecord turn, int position)
    {
        var at = $"Turn {position}";
        Require(turn.Index == position, $"{at} has index {turn.Index}; turns must be numbered 0, 1, 2, … in order.");
        Require(turn.SeatIndex >= 0 && turn.SeatIndex < plan.Count, $"{at} names seat {turn.SeatIndex}, but the room has {plan.Count} seats.");
        Require(Enum.IsDefined(turn.Kind), $"{at} has an unknown kind.");
        Require(turn.Kind == TurnKind.Skipped || turn.Text.Trim().Length > 0, $"{at} is empty; only skipped turns may be.");
        Require(turn.StartedAtMs >= 0 && turn.EndedAtMs >= turn.StartedAtMs && turn.EndedAtMs <= MaxUnixMs,
            $"{at} must end at or after it starts.");
        Text(turn.Text, $"{at}'s text", RoomSettingsRules.MaxTurnCharsLimit, turn.Kind != TurnKind.Ai);
        Text(turn.AuthorName, $"{at}'s author", RoomSettingsRules.MaxNameLength, checkCharacters: true);
        Require(turn.Note is null || turn.Note.Length <= MaxNote, $"{at} has a note over {MaxNote} characters.");
        foreach (var label in new[] { turn.Model, turn.FinishReason })
        {
            Require(label is null || label.Length <= MaxLabel, $"{at} has a model or finish reason over {MaxLabel} characters.");
        }

        Require(turn.DraftSnapshots.Count <= StoryLimits.MaxDraftSnapshots, $"{at} has more than {StoryLimits.MaxDraftSnapshots} draft snapshots.");
        foreach (var snapshot in turn.DraftSnapshots)
        {
            Require(snapshot is not null && snapshot.OffsetMs >= 0, $"{at} has a draft snapshot before the turn began.");
            Text(snapshot!.Text, $"{at}'s draft", RoomSettingsRules.MaxTurnCharsLimit * 2, checkCharacters: true);
        }
        if (!DraftSnapshotBudget.Fits(turn.DraftSnapshots))
        {
            throw new RoomException(RoomErrorCode.TooLong, $"{at}'s draft snapshots hold more text than a turn keeps.");
        }
        Chunks(turn.TokenChunks, at);
        Require(turn.WithdrawnAtMs is null || (turn.Withdrawn && turn.WithdrawnAtMs >= turn.EndedAtMs && turn.WithdrawnAtMs <= MaxUnixMs),
            $"{at} has a withdrawal time but isn't withdrawn, or was withdrawn before it was written.");
        Votes(plan, turn.Votes, at);
        Require(turn.Alternatives.Count <= StoryLimits.MaxAlternativesPerTurn, $"{at} has more than {StoryLimits.MaxAlternativesPerTurn} alternatives.");
        foreach (var alternative in turn.Alternatives)
        {
            Require(alternative is { TokenChunks: not null, Votes: not null } && Enum.IsDefined(alternative.Origin),
                $"{at} has an empty alternative, or one of unknown origin.");
            Text(alternative!.Text, $"{at}'s alternative", RoomSettingsRules.MaxTurnCharsLimit, checkCharacters: false);
            Require(alternative.Model is null || alternative.Model.Length <= MaxLabel, $"{at} has an alternative with a model name over {MaxLabel} characters.");
            Chunks(alternative.TokenChunks!, $"{at}'s alternative");   // JSON can null what C# declares non-null: checked above
            Votes(plan, alternative.Votes!, at);
        }
    }

    private static void Chunks(List<TokenChunkRecord> chunks, string at)
    {
        Require(chunks.Count <= MaxFramesPerTurn, $"{at} has more than {MaxFramesPerTurn} token chunks.");
        foreach (var chunk in chunks)
        {
            Require(chunk is not null && double.IsFinite(chunk.OffsetMs) && chunk.OffsetMs >= 0 && chunk.Tokens >= 0,
                $"{at} has a token chunk with a negative or missing time or token count.");
            Text(chunk!.Text, $"{at}'s token chunk", RoomSettingsRules.MaxTurnCharsLimit, checkCharacters: false);
        }
    }

    private static void Votes(IReadOnlyList<SeatKind> plan, List<VoteRecord> votes, string at)
    {
        Require(votes.Count <= plan.Count, $"{at} has more votes than the room has seats.");
        foreach (var vote in votes)
        {
            Require(vote is not null && vote.SeatIndex >= 0 && vote.SeatIndex < plan.Count, $"{at} has a vote from a seat the room doesn't have.");
            Text(vote!.Name, $"{at}'s voter", RoomSettingsRules.MaxNameLength, checkCharacters: true);
        }
    }

    /// <summary>Model output may hold tabs and such, so only people's text gets the character check.</summary>
    private static void Text(string? text, string what, int max, bool checkCharacters)
    {
        Require(text is not null, $"{what} is missing.");
        if (text!.Length > max)
        {
            throw new RoomException(RoomErrorCode.TooLong, $"{what} can be at most {max} characters.");
        }
        if (checkCharacters)
        {
            TurnTextRules.CheckCharacters(text, what, code: RoomErrorCode.InvalidSettings);
        }
    }

    private static void Require(bool ok, string message)
    {
        if (!ok)
        {
            throw new RoomException(RoomErrorCode.InvalidSettings, message);
        }
    }
}
