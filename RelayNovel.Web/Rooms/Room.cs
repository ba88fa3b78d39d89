using RelayNovel.Web.Rooms.Machine;

namespace RelayNovel.Web.Rooms;

/// <summary>
/// A loaded room as <see cref="RoomService"/> hosts it: the rules' state behind one lock, and the engine requests
/// writing for it. Everything here is guarded by <see cref="Gate"/>.
/// </summary>
internal sealed class Room(RoomState state)
{
    public Lock Gate { get; } = new();

    public RoomState State { get; } = state;

    public string Id => State.Id;

    /// <summary>Dropped from the service's map; whoever still holds it must look the room up again.</summary>
    public bool Unloaded { get; set; }

    /// <summary>The engine requests the rules started and have not cancelled, by generation id.</summary>
    public Dictionary<long, HostedGeneration> Generations { get; } = [];
}
