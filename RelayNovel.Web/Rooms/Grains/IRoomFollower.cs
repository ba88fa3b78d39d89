using Orleans.Concurrency;

namespace RelayNovel.Web.Rooms.Grains;

/// <summary>
/// A node following rooms (<see cref="IRoomGrain.Follow"/>): each room grain pushes its numbered events to the nodes
/// that show it, one message per change, without waiting for them.
/// </summary>
public interface IRoomFollower : IGrainObserver
{
    [OneWay]
    Task OnEvents(RoomEvent[] events);
}
