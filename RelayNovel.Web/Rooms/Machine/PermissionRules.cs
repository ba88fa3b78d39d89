namespace RelayNovel.Web.Rooms.Machine;

/// <summary>Each viewer's <see cref="RoomPermissions"/>, from the same rules the commands enforce.</summary>
internal static class PermissionRules
{
    /// <summary>
    /// For the participant <paramref name="viewerKey"/>; a page that also holds the room's owner key
    /// (<paramref name="ownerKey"/>) has the owner's rights too, as the owner's commands accept either key.
    /// </summary>
    public static RoomPermissions For(RoomState room, string? viewerKey, string? ownerKey, RoomContext context)
    {
        var hash = OwnerRules.HashOf(viewerKey);
        var participant = hash.Length > 0 ? room.FindParticipant(hash) : null;
        var isOwner = OwnerRules.IsOwnerKey(room, hash) || OwnerRules.IsOwnerKey(room, OwnerRules.HashOf(ownerKey));
        if (participant is null && !isOwner)
        {
            return RoomPermissions.Reader;
        }
        var seat = participant?.SeatIndex;
        var doc = room.Doc;
        var holds = seat is int s && s == doc.BatonSeat && room.BatonSeat.Kind == SeatKind.Human;
        var aiTurn = room.BatonSeat.Kind == SeatKind.Ai && TurnOrder.IsActive(doc, doc.BatonSeat);
        var seatedOrOwner = seat is not null || isOwner;
        var canVote = seat is int voter && room.Vote is { } vote && !vote.Votes.ContainsKey(voter);
        var undoable = UndoRules.UndoableTurn(room) is { } undo && seat is int author && room.Turns[undo].SeatIndex == author;
        return new RoomPermissions(
            CanWrite: holds,
            CanStopAi: seatedOrOwner && (room.Ai is not null || room.Vote is not null),
            CanRetryAi: RetryRules.CanRetry(room, hash, isOwner),
            CanUndo: undoable,
            CanVote: canVote,
            CanAskAlternatives: seatedOrOwner && aiTurn && room.Vote is null && context.ModelUnavailableReason is null,
            IsOwner: isOwner,
            CanSkip: isOwner && TurnOrder.IsActive(doc, doc.BatonSeat),
            CanKick: isOwner,
            CanChangeSettings: isOwner,
            CanEditGlossary: isOwner,
            CanCloseVote: isOwner && room.Vote is not null,
            CanPickAlternative: isOwner && room.Vote is not null,
            CanShowPrompt: isOwner)
        {
            CanMarkChapters = isOwner,
        };
    }
}
