namespace RelayNovel.Web.Rooms.Machine;

/// <summary>Who holds the owner's rights, and who may act as whom.</summary>
internal static class OwnerRules
{
    public static string HashOf(string? key) => string.IsNullOrEmpty(key) ? "" : RoomKeys.Hash(key);

    public static bool IsOwnerKey(RoomState room, string keyHash) =>
        keyHash.Length > 0 && (RoomKeys.HashEquals(keyHash, room.Doc.OwnerKeyHash) || room.FindParticipant(keyHash) is { IsOwner: true });

    public static void RequireOwner(RoomState room, string? ownerKey)
    {
        if (string.IsNullOrEmpty(ownerKey) || !IsOwnerKey(room, RoomKeys.Hash(ownerKey)))
        {
            throw new RoomException(RoomErrorCode.Forbidden, "Only the room's owner can do that.");
        }
    }

    public static Stories.ParticipantRecord SeatedOrSpectator(RoomState room, string? participantKey) =>
        (string.IsNullOrEmpty(participantKey) ? null : room.FindParticipant(RoomKeys.Hash(participantKey)))
        ?? throw new RoomException(RoomErrorCode.Forbidden, "This key doesn't belong to anyone in this room. Join first.");

    /// <summary>The owner, or anyone seated: who may stop the AI and ask for alternatives.</summary>
    public static bool IsSeatedOrOwner(RoomState room, string keyHash) =>
        IsOwnerKey(room, keyHash) || room.FindParticipant(keyHash) is { SeatIndex: not null };

    public static Participant? Identify(RoomState room, string? participantKey)
    {
        if (string.IsNullOrEmpty(participantKey))
        {
            return null;
        }
        var hash = RoomKeys.Hash(participantKey);
        if (RoomKeys.HashEquals(hash, room.Doc.OwnerKeyHash))
        {
            return new Participant(room.Id, null, "Owner", true);
        }
        var p = room.FindParticipant(hash);
        return p is null ? null : new Participant(room.Id, p.SeatIndex, p.Name, p.IsOwner);
    }
}
