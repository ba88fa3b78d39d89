using System.Text.Json;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Feeds;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Rooms.Feeds;

/// <summary>Every room event type survives the event log's stored form.</summary>
public sealed class RoomEventCodecTests
{
    private static readonly JsonSerializerOptions Compare = new(JsonSerializerDefaults.Web);
    private readonly RoomEventCodec _codec = new();

    [Fact]
    public void Codec_EveryRoomEventTypeInTheApp_HasANameAndASample()
    {
        var eventTypes = typeof(RoomEvent).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(RoomEvent)) && !t.IsAbstract)
            .OrderBy(t => t.Name).ToList();

        Assert.Equal(eventTypes, RoomEventCodec.KnownTypes.OrderBy(t => t.Name));
        Assert.Equal(eventTypes, RoomEventSamples.All("r").Select(e => e.GetType()).OrderBy(t => t.Name));
    }

    [Fact]
    public void Codec_EachSample_DecodesToTheSameEventWithItsSeqAndTime()
    {
        var seq = 0L;
        foreach (var sample in RoomEventSamples.All("room-1"))
        {
            var numbered = sample with { Seq = ++seq };

            var stored = _codec.Encode(numbered, atMs: 1_000 + seq);
            var decoded = _codec.Decode(stored);

            Assert.Equal(seq, stored.Seq);
            Assert.Equal(1_000 + seq, stored.AtMs);
            Assert.Equal(numbered.GetType(), decoded.GetType());
            Assert.Equal(seq, decoded.Seq);
            // Records holding lists compare lists by reference: compare what every field holds instead.
            Assert.Equal(JsonSerializer.Serialize(numbered, numbered.GetType(), Compare), JsonSerializer.Serialize(decoded, decoded.GetType(), Compare));
        }
    }

    [Fact]
    public void Codec_UnknownStoredType_SaysWhichEvent()
    {
        var ex = Assert.Throws<NotSupportedException>(() => _codec.Decode(new StoredRoomEvent(9, "nope", "{}", 0)));

        Assert.Contains("'nope'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("seq 9", ex.Message, StringComparison.Ordinal);
    }
}
