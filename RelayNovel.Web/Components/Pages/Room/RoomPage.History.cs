using RelayNovel.Web.Components.Shared;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Components.Pages.Room;

/// <summary>
/// The room page's history controls: undo of one's own last turn, retry of a committed AI turn, alternatives and the
/// vote, the glossary, and the owner's "show prompt". Who may is decided by the room's rules; these only offer the
/// buttons it would accept and show its refusals.
/// </summary>
public sealed partial class RoomPage
{
    private string? _undoError;

    private bool IsOwnerHere => Can.IsOwner;

    /// <summary>The owner's key for owner-only reads: the owner key itself, or a seat joined with it.</summary>
    private string? OwnerCredential => _ownerKey ?? (_participant?.IsOwner == true ? _participantKey : null);

    private bool CanUndo => Can.CanUndo;

    private bool CanRetryCommitted => _snapshot is { RetryableTurnIndex: not null } && Can.CanRetryAi;

    private bool CanAskAlternatives => _snapshot is { AiStream: not null } && Can.CanAskAlternatives;

    /// <summary>Only the owner's page gets the prompt reader; everyone else's meter shows numbers only.</summary>
    private Func<Task<string?>>? LoadPrompt => OwnerCredential is { } key ? () => ReadPromptAsync(key) : null;

    private async Task<string?> ReadPromptAsync(string ownerKey)
    {
        try
        {
            return await Rooms.GetPromptTextAsync(RoomId, ownerKey);
        }
        catch (RoomException)
        {
            return null;
        }
    }

    private async Task UndoAsync()
    {
        _undoError = null;
        try
        {
            await Rooms.UndoTurnAsync(RoomId, _participantKey ?? "");
            _snapshot = await Rooms.GetAsync(RoomId, _participantKey, _ownerKey);
            await SignalTurnAsync();
        }
        catch (RoomException ex)
        {
            _undoError = RoomErrorText.For(L, ex);
        }
    }

    private Task AskAlternativesAsync(int count) => RunAiCommandAsync(key => Rooms.RequestAlternativesAsync(RoomId, OwnerCredential ?? key, count));

    private Task VoteAsync(int candidate) => RunAiCommandAsync(key => Rooms.CastVoteAsync(RoomId, key, candidate));

    private Task PickAsync(int candidate) => RunAiCommandAsync(key => Rooms.PickAlternativeAsync(RoomId, OwnerCredential ?? key, candidate));

    private Task CloseVoteAsync() => RunAiCommandAsync(key => Rooms.CloseVoteAsync(RoomId, OwnerCredential ?? key));

    private async Task<string?> SaveGlossaryAsync(IReadOnlyList<GlossaryEntry> entries)
    {
        if (_ownerKey is null)
        {
            return L["Error.Forbidden"];
        }
        try
        {
            await Rooms.UpdateGlossaryAsync(RoomId, _ownerKey, entries);
            _snapshot = await Rooms.GetAsync(RoomId, _participantKey, _ownerKey);
            return null;
        }
        catch (RoomException ex)
        {
            // The service names the bad entry in the UI's language (RoomException.TextKey).
            return RoomErrorText.For(L, ex);
        }
    }
}
