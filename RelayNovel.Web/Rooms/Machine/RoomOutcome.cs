using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>
/// What one command did: the caller's reply, the events to publish (unnumbered: the room's owner stamps
/// <see cref="RoomEvent.Seq"/>), the writes as a <see cref="RoomChange"/> whose RoomId is set and whose ExpectedVersion and
/// AppendEvents the owner fills, and the effects to run. The owner stores the change, then publishes, then runs the effects.
/// </summary>
public sealed record RoomOutcome(RoomReply? Reply, IReadOnlyList<RoomEvent> Events, RoomChange? Change, IReadOnlyList<RoomEffect> Effects)
{
    public static RoomOutcome None { get; } = new(null, [], null, []);
}
