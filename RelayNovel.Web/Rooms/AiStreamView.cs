namespace RelayNovel.Web.Rooms;

/// <summary>
/// An AI turn in progress. <see cref="VisibleText"/> is what the room's pace has shown so far (a late joiner
/// sees it from where it is); the context numbers feed the context meter.
/// </summary>
public sealed record AiStreamView(int SeatIndex, AiStreamState State, int? QueuePosition, string VisibleText,
    int ContextUsedTokens, int ContextWindowTokens)
{
    /// <summary>The model writing this turn.</summary>
    public string ModelName { get; init; } = "";

    /// <summary>Story tokens left out of the prompt because the context window was full.</summary>
    public int DroppedStoryTokens { get; init; }

    /// <summary>The seed this attempt samples with (stored with the turn for replay).</summary>
    public int Seed { get; init; }

    /// <summary>What went into the prompt (premise, note, glossary entries used and cut, story tokens) for the context meter.</summary>
    public PromptMemoryView? Memory { get; init; }
}
