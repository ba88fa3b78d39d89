namespace RelayNovel.Web.Api;

/// <summary>Marks a hub method that writes to a room: it takes from the caller's write budget (<see cref="HubWriteLimitFilter"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RoomWriteAttribute : Attribute;
