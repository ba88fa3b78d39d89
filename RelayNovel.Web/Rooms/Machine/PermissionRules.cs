namespace RelayNovel.Web.Rooms.Machine;

/// <summary>Each viewer's <see cref="RoomPermissions"/>, from the same rules the commands enforce.</summary>
internal static class PermissionRules
{
    public static RoomPermissions For(RoomState room, string? viewerKey, RoomContext context)
    {
        if (string.IsNullOrEmpty(viewerKey))
        {
            return RoomPermissions.Reader;
        }
        var hash = RoomKeys.Hash(viewerKey);
        var participant = room.FindParticipant(hash);
        var isOwner = OwnerRules.IsOwnerKey(room, hash);
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
            CanWrite: holds && !room.StorageFull,
            CanStopAi: seatedOrOwner && (room.Ai is not null || room.Vote is not null),
            CanRetryAi: RetryRules.CanRetry(room, hash),
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
            CanShowPrompt: isOwner);
    }
}
