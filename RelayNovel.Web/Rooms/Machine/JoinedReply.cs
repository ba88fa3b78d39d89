namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The key the participant acts with and the seat taken (null: watching).</summary>
public sealed record JoinedReply(JoinResult Result) : RoomReply;
