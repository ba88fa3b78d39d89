using System.Text.Json.Serialization;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>What a command gives back to its caller (most give nothing).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$reply")]
[JsonDerivedType(typeof(JoinedReply), "joined")]
[JsonDerivedType(typeof(TurnReply), "turn")]
[JsonDerivedType(typeof(SeatReply), "seat")]
[JsonDerivedType(typeof(PageReply), "page")]
public abstract record RoomReply;
