using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;
using RelayNovel.Web.Rooms.Machine;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Cluster;

/// <summary>Issue 15: a fork's command and a forked room's snapshot cross silos (a web node forks a room another silo holds).</summary>
public sealed class ForkValuesTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer(s => s.AddRoomValues()).BuildServiceProvider();

    [Fact]
    public void Serializer_ForkCommandAsItsBaseType_RoundTripsWithItsTurnsAndSource()
    {
        var serializer = _services.GetRequiredService<Serializer<RoomCommand>>();
        var turn = new TurnRecord
        {
            Id = "room-2/000000", RoomId = "room-2", Index = 0, AuthorName = "민지", Kind = TurnKind.Ai, Text = "우산을 폈다.",
            StartedAtMs = 1_000, EndedAtMs = 2_000, TokenChunks = [new TokenChunkRecord { OffsetMs = 12.5, Text = " 우산", Tokens = 1 }],
        };
        RoomCommand fork = new ForkRoom("room-2", "hash", new RoomSettings("갈래", "전제", "작가의 말"), [turn],
            [new GlossaryEntry("용", "늙은 용")], "room-1", 4);

        var copy = Assert.IsType<ForkRoom>(serializer.Deserialize(serializer.SerializeToArray(fork)));

        Assert.Equal(("room-1", 4, "작가의 말"), (copy.SourceRoomId, copy.SourceTurnIndex, copy.Settings.AuthorNote));
        var copiedTurn = Assert.Single(copy.Turns);
        Assert.Equal((" 우산", 12.5), (copiedTurn.TokenChunks[0].Text, copiedTurn.TokenChunks[0].OffsetMs));
        Assert.Equal("용", Assert.Single(copy.Glossary!).Name);
    }

    [Fact]
    public void Serializer_ForkedRoomSnapshot_KeepsItsOrigin()
    {
        var serializer = _services.GetRequiredService<Serializer<object>>();
        var snapshot = new RoomSnapshot("room-2", new RoomSettings("갈래"), [], [], 0, "", null, null, "tiny", null, 0)
        {
            ForkedFrom = new ForkOrigin("room-1", 4),
        };

        var copy = Assert.IsType<RoomSnapshot>(serializer.Deserialize(serializer.SerializeToArray(snapshot)));

        Assert.Equal(new ForkOrigin("room-1", 4), copy.ForkedFrom);
    }

    public void Dispose() => _services.Dispose();
}
