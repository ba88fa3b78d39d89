using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms;

/// <summary>
/// An AI start a room has decided on (one attempt, or <see cref="Alternatives"/> candidates for a vote), with copies of
/// what its prompt is built from, taken under the room's lock. The prompt is fitted outside the lock — tokenizing a
/// long story takes time that would stall the room, and the room clock that visits every room — and the start goes
/// ahead only if the room still wants it when the lock is taken again.
/// </summary>
internal sealed class AiStart
{
    private readonly string _premise;
    private readonly string _authorNote;
    private readonly IReadOnlyList<GlossaryEntryRecord> _glossary;
    private readonly string _story;
    private readonly (string Text, int Tokens)? _pinnedCount;
    private int _taken;

    /// <summary>Copies the inputs; the caller holds the room's lock.</summary>
    public AiStart(Room room, string story, int alternatives)
    {
        Seat = room.Doc.BatonSeat;
        TurnCount = room.Doc.TurnCount;
        Alternatives = alternatives;
        MaxTokens = room.Settings.Ai!.MaxTokens;
        _premise = room.Doc.Settings.Premise;
        _authorNote = room.Doc.Settings.AuthorNote;
        _glossary = [.. room.Doc.Glossary];
        _story = story;
        _pinnedCount = room.PinnedCount;
    }

    public int Seat { get; }

    public int TurnCount { get; }

    /// <summary>0 for one attempt; 2–4 for a vote between alternatives.</summary>
    public int Alternatives { get; }

    public int MaxTokens { get; }

    /// <summary>True for the one caller that fits this start's prompt; false for everyone after it.</summary>
    public bool TryTake() => Interlocked.Exchange(ref _taken, 1) == 0;

    /// <summary>
    /// Fits the prompt (without the room's lock): the room's memory pinned, then as much of the story's end as fits.
    /// A prompt that cannot be built comes back as <see cref="AiStartPrompt.Failure"/>.
    /// </summary>
    public AiStartPrompt Prepare(AiModel model)
    {
        var settings = new SettingsRecord { Premise = _premise, AuthorNote = _authorNote };
        var pinnedCount = _pinnedCount;
        try
        {
            var plan = RoomMemory.Build(settings, _glossary, _story);
            AiPrompt prompt;
            while (true)
            {
                try
                {
                    prompt = model.Fit(plan.Pinned, _story, MaxTokens);
                    break;
                }
                catch (ArgumentException) when (plan.Used.Count > 0)
                {
                    // The head doesn't fit a small context: glossary entries give way (least recently mentioned first).
                    plan = RoomMemory.Build(settings, _glossary, _story, plan.Used.Count - 1);
                }
            }
            // Fitted alone, the head shows how the prompt's tokens split between memory and story; tokenized again only
            // when the head changed.
            var pinnedTokens = 0;
            if (plan.Pinned.Length > 0)
            {
                if (pinnedCount is not { } cached || cached.Text != plan.Pinned)
                {
                    pinnedCount = (plan.Pinned, model.Fit(plan.Pinned, "", MaxTokens).UsedTokens);
                }
                pinnedTokens = Math.Min(prompt.UsedTokens, pinnedCount.Value.Tokens);
            }
            var memory = new PromptMemoryView(plan.Premise, plan.AuthorNote, plan.Used, plan.Cut,
                pinnedTokens, prompt.UsedTokens - pinnedTokens, prompt.DroppedTokens);
            return new AiStartPrompt(prompt, memory, pinnedCount, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new AiStartPrompt(null, null, pinnedCount, ex);
        }
    }
}
