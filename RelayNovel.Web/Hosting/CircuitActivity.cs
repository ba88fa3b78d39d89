using System.Collections.Concurrent;

namespace RelayNovel.Web.Hosting;

/// <summary>Connected Blazor circuits, and which rooms have at least one of them open (for /metrics).</summary>
public sealed class CircuitActivity
{
    private readonly ConcurrentDictionary<string, int> _viewersByRoom = new(StringComparer.Ordinal);
    private int _connected;

    public int Connected => Volatile.Read(ref _connected);

    /// <summary>Rooms with at least one connected page.</summary>
    public int ActiveRooms => _viewersByRoom.Count;

    internal void Connect(string? roomId)
    {
        Interlocked.Increment(ref _connected);
        Enter(roomId);
    }

    internal void Disconnect(string? roomId)
    {
        Interlocked.Decrement(ref _connected);
        Leave(roomId);
    }

    internal void Enter(string? roomId)
    {
        if (roomId is not null)
        {
            _viewersByRoom.AddOrUpdate(roomId, 1, static (_, n) => n + 1);
        }
    }

    internal void Leave(string? roomId)
    {
        if (roomId is null)
        {
            return;
        }
        while (_viewersByRoom.TryGetValue(roomId, out var n))
        {
            if (n <= 1 ? _viewersByRoom.TryRemove(new KeyValuePair<string, int>(roomId, n)) : _viewersByRoom.TryUpdate(roomId, n - 1, n))
            {
                return;
            }
        }
    }
}
