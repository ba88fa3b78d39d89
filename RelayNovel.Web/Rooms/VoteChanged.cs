namespace RelayNovel.Web.Rooms;

/// <summary>A room vote between AI alternatives moved on: text shown, a vote cast, or a tie waiting for the owner.</summary>
public sealed record VoteChanged(string RoomId, AiVoteView Vote) : RoomEvent(RoomId);
