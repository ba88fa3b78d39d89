using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Feeds;

/// <summary>
/// Every <see cref="RoomEvent"/> type to and from its stored form in the room's event log: a stable type name (not
/// the CLR name, so renaming a class does not orphan stored events) and a JSON payload. A type missing here cannot
/// be stored, and its test fails.
/// </summary>
public sealed class RoomEventCodec
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly FrozenDictionary<string, Type> ByName = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["draft"] = typeof(DraftChanged),
        ["ai"] = typeof(AiProgress),
        ["turnCommitted"] = typeof(TurnCommitted),
        ["presence"] = typeof(PresenceChanged),
        ["queue"] = typeof(QueueChanged),
        ["baton"] = typeof(BatonMoved),
        ["settings"] = typeof(SettingsChanged),
        ["vote"] = typeof(VoteChanged),
        ["turnWithdrawn"] = typeof(TurnWithdrawn),
        ["turnReopened"] = typeof(TurnReopened),
        ["glossary"] = typeof(GlossaryChanged),
        ["chapters"] = typeof(ChaptersChanged),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, string> ByType = ByName.ToFrozenDictionary(p => p.Value, p => p.Key);

    /// <summary>The event types the log can hold.</summary>
    public static IReadOnlyCollection<Type> KnownTypes => ByType.Keys;

    /// <summary>The stored form of a published (numbered) event, stamped with the publication time.</summary>
    public StoredRoomEvent Encode(RoomEvent e, long atMs)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!ByType.TryGetValue(e.GetType(), out var name))
        {
            throw new NotSupportedException($"{e.GetType().Name} has no name in the room event log; add it to {nameof(RoomEventCodec)}.");
        }
        return new StoredRoomEvent(e.Seq, name, JsonSerializer.Serialize(e, e.GetType(), Options), atMs);
    }

    /// <summary>The event a stored one was made from, carrying the stored sequence number.</summary>
    public RoomEvent Decode(StoredRoomEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!ByName.TryGetValue(stored.Type, out var type))
        {
            throw new NotSupportedException($"The room event log holds an event of unknown type '{stored.Type}' (seq {stored.Seq}).");
        }
        var e = (RoomEvent?)JsonSerializer.Deserialize(stored.Payload, type, Options)
            ?? throw new InvalidDataException($"The stored room event {stored.Seq} ({stored.Type}) is empty.");
        return e with { Seq = stored.Seq };
    }
}
