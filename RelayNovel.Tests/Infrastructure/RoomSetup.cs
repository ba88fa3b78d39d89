using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Tests.Infrastructure;

/// <summary>A created room with some people seated, in join order.</summary>
public sealed record RoomSetup(RoomCreated Room, IReadOnlyList<JoinResult> Seated)
{
    public string Id => Room.RoomId;

    public string KeyOf(int joinOrder) => Seated[joinOrder].ParticipantKey;

    public static async Task<RoomSetup> CreateAsync(RoomClient rooms, RoomSettings? settings = null, params string[] names)
    {
        var created = await rooms.CreateAsync(settings ?? new RoomSettings("시험 방", "비 오는 밤, 낡은 서점에서."));
        var seated = new List<JoinResult>();
        foreach (var name in names)
        {
            seated.Add(await rooms.JoinAsync(created.RoomId, name, null, spectate: false));
        }
        return new RoomSetup(created, seated);
    }
}
