using System.Collections.Concurrent;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// What /metrics reports about this node's Blazor circuits: how many have a live connection, and how many rooms have at
/// least one open room page on a live connection. Fed only by <see cref="CircuitRoomPresence"/>, from the same page
/// presences the rooms count (so a room is counted from one source): made-up room ids never get a presence, and the
/// replay and reading views hold none, so neither counts as a room in use.
/// </summary>
public sealed class CircuitActivity
{
    private readonly ConcurrentDictionary<string, int> _pagesByRoom = new(StringComparer.Ordinal);
    private int _connected;

    public int Connected => Volatile.Read(ref _connected);

    /// <summary>Rooms with at least one open room page whose browser is connected.</summary>
    public int ActiveRooms => _pagesByRoom.Count;

    internal void CircuitUp() => Interlocked.Increment(ref _connected);

    internal void CircuitDown() => Interlocked.Decrement(ref _connected);

    internal void PageShown(string roomId) => _pagesByRoom.AddOrUpdate(roomId, 1, static (_, n) => n + 1);

    internal void PageHidden(string roomId)
    {
        while (_pagesByRoom.TryGetValue(roomId, out var n))
        {
            if (n <= 1 ? _pagesByRoom.TryRemove(new KeyValuePair<string, int>(roomId, n)) : _pagesByRoom.TryUpdate(roomId, n - 1, n))
            {
                return;
            }
        }
    }
}
