using System.Reflection;
using Orleans.Serialization.Cloning;

namespace RelayNovel.Web.Rooms.Grains;

/// <summary>
/// RelayNovel's records and value types are immutable by convention (every change makes a new one), so a call
/// between grains of one silo may hand the same instance over, as Orleans does for types marked immutable.
/// Mutable classes of the project are still copied (through JSON).
/// </summary>
public sealed class ImmutableRoomValueCopier : IGeneralizedCopier
{
    public static bool Handles(Type type) =>
        RoomValues.IsRoomValue(type) && (type.IsValueType || IsRecord(type));

    public bool IsSupportedType(Type type) => Handles(type);

    public object? DeepCopy(object? input, CopyContext context) => input;

    // A record class has the compiler's clone method; a plain class does not.
    private static bool IsRecord(Type type) =>
        type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null;
}
