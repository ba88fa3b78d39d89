namespace RelayNovel.Web.Rooms.Grains;

/// <summary>
/// The rooms whose grain is active on this node: the node's share of the cluster's rooms, shown per node on /metrics
/// (a room page may be on another node than the room it shows).
/// </summary>
public sealed class HostedRooms
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Loaded() => Interlocked.Increment(ref _count);

    public void Left() => Interlocked.Decrement(ref _count);
}
