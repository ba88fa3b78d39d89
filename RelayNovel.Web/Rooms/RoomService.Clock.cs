using RelayNovel.Web.Rooms.Machine;

namespace RelayNovel.Web.Rooms;

public sealed partial class RoomService
{
    /// <summary>
    /// One beat of the room clock (a hosted service calls it every ~50 ms): each loaded room hears its queue position
    /// and the beat (draft fan-out, typing expiry, AI pacing and commit, turn timers, draft saving); idle rooms leave memory.
    /// </summary>
    internal void Tick()
    {
        var idle = TimeSpan.FromSeconds(_options.IdleRoomUnloadSeconds);
        foreach (var entry in _rooms)
        {
            if (!entry.Value.IsValueCreated || entry.Value.Value is not { } room)
            {
                continue;
            }
            try
            {
                foreach (var (id, position) in ReportedPositions(room))
                {
                    Execute(room, new AiQueuePosition(id, position));
                }
                Execute(room, new Tick());
            }
            catch (Exception ex)
            {
                // A store failure: the room reloads from the file on next use rather than run on with diverged state.
                LogTickFailed(ex, room.Id);
                continue;
            }
            lock (room.Gate)
            {
                if (!room.Unloaded && _machine.IsIdle(room.State, idle))
                {
                    Unload(room);
                    LogUnloaded(room.Id);
                }
            }
        }
    }

    /// <summary>Writes every draft not yet saved (the app is stopping).</summary>
    internal void Flush()
    {
        foreach (var entry in _rooms)
        {
            if (entry.Value.IsValueCreated && entry.Value.Value is { } room)
            {
                Execute(room, new FlushDraft());
            }
        }
    }

    private static List<(long Id, int Position)> ReportedPositions(Room room)
    {
        lock (room.Gate)
        {
            return [.. room.Generations.Values
                .Select(g => (g.Id, Position: g.TakeReportedPosition()))
                .Where(p => p.Position >= 0)];
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Room {RoomId}: the room clock failed; the room will be reloaded from the store")]
    private partial void LogTickFailed(Exception ex, string roomId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId} unloaded after being idle")]
    private partial void LogUnloaded(string roomId);
}
