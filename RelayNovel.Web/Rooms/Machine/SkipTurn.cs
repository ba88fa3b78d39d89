namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The owner skips the baton holder.</summary>
public sealed record SkipTurn(string OwnerKey) : RoomCommand;
