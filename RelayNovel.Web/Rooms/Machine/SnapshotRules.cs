namespace RelayNovel.Web.Rooms.Machine;

/// <summary>What pages render, taken from the room's state at one instant.</summary>
internal static class SnapshotRules
{
    public static RoomSnapshot Snapshot(RoomState room, RoomRules rules, DateTimeOffset now, RoomContext context,
        AiQueueLoad? queueLoad, string? viewerKey, string? ownerKey) =>
        new(room.Id, room.Settings, PresenceRules.Seats(room, rules, now), room.TurnsView, room.Doc.BatonSeat, room.Doc.Draft,
            PresenceRules.Deadline(room), room.Ai?.ToView(), context.ModelName, context.ModelUnavailableReason, PresenceRules.SpectatorCount(room))
        {
            LastAiMessage = room.LastAiMessage,
            AiShortfall = room.LastAiShortfall is { } shortfall && shortfall.Message == room.LastAiMessage ? shortfall.Shortfall : null,
            LastAiContext = room.Ai is null && room.Vote is null ? room.LastAiAttempt?.ToView() : null,
            AiBusy = room.Ai is { WaitingForSlot: true } || room.Vote is { WaitingForSlot: true } ? queueLoad : null,
            Vote = room.Vote?.ToView(),
            Glossary = [.. room.Doc.Glossary.Select(e => new GlossaryEntry(e.Name, e.Line))],
            Chapters = ChapterRules.Marks(room.Doc),
            UndoableTurnIndex = UndoRules.UndoableTurn(room),
            RetryableTurnIndex = RetryRules.RetryableTurn(room),
            Permissions = PermissionRules.For(room, viewerKey, ownerKey, context),
            ForkedFrom = room.Doc.ForkedFrom is { } fork ? new ForkOrigin(fork.RoomId, fork.TurnIndex) : null,
        };
}
