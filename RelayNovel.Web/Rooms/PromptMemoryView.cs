namespace RelayNovel.Web.Rooms;

/// <summary>
/// What went into an AI prompt, for the context meter: the pinned memory (premise, glossary entries the recent story
/// mentions, author's note) and how much of the story fitted beside it. Names of glossary entries left out for room
/// are in <see cref="GlossaryCut"/>; the story's oldest tokens left out in <see cref="StoryTokensCut"/>.
/// </summary>
public sealed record PromptMemoryView(bool PremiseIncluded, bool AuthorNoteIncluded,
    IReadOnlyList<string> GlossaryUsed, IReadOnlyList<string> GlossaryCut,
    int PinnedTokens, int StoryTokens, int StoryTokensCut);
