using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Serialization;

namespace RelayNovel.Web.Rooms.Grains;

/// <summary>
/// How RelayNovel's own values (room commands, replies, events, snapshots) cross silos: as System.Text.Json, so
/// no type needs Orleans attributes. Within a silo, records are passed as they are (see
/// <see cref="ImmutableRoomValueCopier"/>) instead of being copied through JSON on every call.
/// </summary>
public static class RoomValues
{
    private const string Prefix = "RelayNovel.";

    public static ISerializerBuilder AddRoomValues(this ISerializerBuilder serializer)
    {
        serializer.Services.AddSingleton<Orleans.Serialization.Cloning.IGeneralizedCopier, ImmutableRoomValueCopier>();
        return serializer.AddJsonSerializer(
            isSerializable: IsRoomValue,
            isCopyable: t => IsRoomValue(t) && !ImmutableRoomValueCopier.Handles(t),
            configureOptions: o => o.Configure(c => c.SerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.General)
            {
                Converters = { new JsonStringEnumConverter() },
            }));
    }

    /// <summary>
    /// A value type or record of RelayNovel's own (the Web and Inference assemblies), not Orleans' nor the framework's;
    /// exceptions keep Orleans' own codec, which carries their type and message.
    /// </summary>
    public static bool IsRoomValue(Type type) =>
        type.Namespace is { } ns && ns.StartsWith(Prefix, StringComparison.Ordinal) && !type.IsInterface
        && !typeof(IAddressable).IsAssignableFrom(type) && !typeof(Exception).IsAssignableFrom(type);
}
