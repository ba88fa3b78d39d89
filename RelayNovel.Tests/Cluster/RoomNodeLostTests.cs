using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Tests.Cluster;

/// <summary>
/// A room whose node stopped answering (killed, cut off) refuses like a store that is away: StoreUnavailable (503 with
/// Retry-After over HTTP, a "try again" message in the room) instead of Orleans' own exception reaching the page.
/// </summary>
public sealed class RoomNodeLostTests
{
    public static TheoryData<Exception> NodeLost => new()
    {
        new SiloUnavailableException("the silo is gone"),
        new TimeoutException("no answer in 30 s"),
    };

    [Theory]
    [MemberData(nameof(NodeLost))]
    public async Task Reach_NodeLost_RefusesAsStoreUnavailableSayingTheRoomIsMoving(Exception lost)
    {
        var refused = await Assert.ThrowsAsync<RoomException>(() => RoomClient.Reach(Task.FromException<int>(lost)));

        Assert.Equal(RoomErrorCode.StoreUnavailable, refused.Code);
        Assert.Equal(RoomClient.NodeLostMessage, refused.Message);
    }

    [Fact]
    public async Task Reach_RoomRefusal_PassesThroughAsItIs()
    {
        var refusal = new RoomException(RoomErrorCode.NotYourTurn, "not yours");

        Assert.Same(refusal, await Assert.ThrowsAsync<RoomException>(() => RoomClient.Reach(Task.FromException<int>(refusal))));
    }
}
