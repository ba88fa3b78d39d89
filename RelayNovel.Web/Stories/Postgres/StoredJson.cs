using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace RelayNovel.Web.Stories.Postgres;

/// <summary>
/// How records are written into the store's json columns. Property names are the records' own (the shape of the
/// LiteDB documents and of exports); enums go by name, so a reordered enum cannot change stored meaning; text is
/// escaped only where JSON requires it, so Korean takes 3 bytes a character and <see cref="PostgresStoryStore.SizeOf"/>
/// is what is stored. A room is written without its draft snapshots: they are rows of their own.
/// </summary>
internal static class StoredJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,   // never rendered as HTML: relaxed only means "not escaped for a page"
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WithoutRoomSnapshots } },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"A stored {typeof(T).Name} is null.");

    public static int Utf8Length<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options).Length;

    private static void WithoutRoomSnapshots(JsonTypeInfo info)
    {
        if (info.Type != typeof(RoomRecord))
        {
            return;
        }
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].Name == nameof(RoomRecord.DraftSnapshots))
            {
                info.Properties.RemoveAt(i);
            }
        }
    }
}
