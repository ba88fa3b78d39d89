using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Tests.Cluster;

/// <summary>RelayNovel's records as Orleans carries them between silos (JSON) and hands them over within one.</summary>
public sealed class RoomValuesTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer(s => s.AddRoomValues()).BuildServiceProvider();

    [Fact]
    public void Serializer_EventsAsTheirBaseType_RoundTripWithTypeAndSeq()
    {
        var serializer = _services.GetRequiredService<Serializer<RoomEvent>>();
        var at = new DateTimeOffset(2026, 12, 3, 22, 0, 0, TimeSpan.Zero);
        RoomEvent[] events =
        [
            new DraftChanged("room-1", 0, "비 오는 밤, 그는") { Seq = 41 },
            new TurnCommitted("room-1", new TurnView(3, 1, "민지", TurnKind.Ai, "우산을 폈다.", at, at.AddSeconds(2)) { AlternativeCount = 2 }) { Seq = 42 },
        ];

        var copies = events.Select(e => serializer.Deserialize(serializer.SerializeToArray(e))!).ToArray();

        Assert.Equal(events, copies);   // records: equal by value, type included
        Assert.Equal([41L, 42L], copies.Select(c => c.Seq));
        Assert.NotSame(events[0], copies[0]);
    }

    [Fact]
    public void Serializer_SnapshotWithNestedRecords_RoundTrips()
    {
        var serializer = _services.GetRequiredService<Serializer<object>>();
        var settings = new RoomSettings("비 오는 밤", Premise: "역 앞");
        var snapshot = new RoomSnapshot("room-1", settings, [], [], 0, "초안", null, null, "tiny", null, 2)
        {
            Glossary = [new GlossaryEntry("서울", "도시")],
        };

        var copy = Assert.IsType<RoomSnapshot>(serializer.Deserialize(serializer.SerializeToArray(snapshot)));

        Assert.Equal(snapshot.CurrentDraft, copy.CurrentDraft);
        Assert.Equal(snapshot.Settings.Title, copy.Settings.Title);
        Assert.Equal("서울", Assert.Single(copy.Glossary).Name);
    }

    [Fact]
    public void Copier_Record_HandsTheSameInstanceOver()
    {
        var copier = _services.GetRequiredService<DeepCopier<RoomEvent>>();
        RoomEvent e = new DraftChanged("room-1", 0, "초안") { Seq = 7 };

        Assert.Same(e, copier.Copy(e));
    }

    public void Dispose() => _services.Dispose();
}
