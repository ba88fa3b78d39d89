namespace RelayNovel.Web.Rooms;

/// <summary>A refused room action with a message meant for the user.</summary>
public sealed class RoomException(RoomErrorCode code, string message) : Exception(message)
{
    public RoomErrorCode Code { get; } = code;
}
