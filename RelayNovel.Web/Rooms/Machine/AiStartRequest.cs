using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>
/// An AI start the room decided on (one attempt, or <paramref name="Alternatives"/> candidates for a vote) with copies
/// of what its prompt is built from. The host fits it outside the room and answers with <see cref="AiPromptFitted"/>;
/// the start goes ahead only if the room still wants it then.
/// </summary>
public sealed record AiStartRequest(long StartId, int Seat, int TurnCount, int Alternatives, int MaxTokens,
    string Premise, string AuthorNote, IReadOnlyList<GlossaryEntryRecord> Glossary, string Story, PinnedCount? PinnedCount);
