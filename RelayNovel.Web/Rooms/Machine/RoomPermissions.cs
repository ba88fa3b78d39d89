namespace RelayNovel.Web.Rooms.Machine;

/// <summary>
/// What one viewer may do in the room right now, by the room's rules (pages show the buttons, the API routes check
/// the same rules when the action arrives). <see cref="CanWrite"/>: holds the baton (types the draft, submits).
/// The owner actions need the owner's key.
/// </summary>
public sealed record RoomPermissions(bool CanWrite, bool CanStopAi, bool CanRetryAi, bool CanUndo, bool CanVote,
    bool CanAskAlternatives, bool IsOwner, bool CanSkip, bool CanKick, bool CanChangeSettings, bool CanEditGlossary,
    bool CanCloseVote, bool CanPickAlternative, bool CanShowPrompt)
{
    /// <summary>The owner's: mark a story turn as starting a chapter, retitle or unmark it.</summary>
    public bool CanMarkChapters { get; init; }

    /// <summary>A viewer without a key: reading only.</summary>
    public static RoomPermissions Reader { get; } = new(false, false, false, false, false, false, false, false, false, false, false, false, false, false);
}
