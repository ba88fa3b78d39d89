namespace RelayNovel.Web.Api;

/// <summary>The new room: its id, the invite link, and the owner key (shown only this once).</summary>
public sealed record CreateRoomResponse(string Id, string Url, string OwnerKey);
