using System.Globalization;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>
/// The quotas' refusals: a room takes turns while its stored turns are under its limit (the turn that reaches it is the
/// last), and new rooms, imports and people's turns wait while the store is over its own.
/// </summary>
public static class StorageRules
{
    public static RoomException RoomStorageFull(long limit) => new(RoomErrorCode.RoomStorageFull,
        $"This room holds as much as a room may store ({Megabytes(limit)} MB), so it takes no more turns; it can still be " +
        $"read, exported and replayed. (이 방은 저장 한도({Megabytes(limit)} MB)에 도달해 더 이상 글을 받을 수 없습니다. " +
        "읽기, 내보내기, 다시 보기는 할 수 있습니다.)");

    public static RoomException StoreFull(long limit) => new(RoomErrorCode.StoreFull,
        $"The server's story storage is full ({Megabytes(limit)} MB), so it takes no new rooms, imports or turns for now; " +
        $"existing rooms can still be read and exported. (서버의 이야기 저장 공간({Megabytes(limit)} MB)이 가득 차서 " +
        "지금은 새 방, 가져오기, 새 글을 받을 수 없습니다. 기존 방은 읽고 내보낼 수 있습니다.)");

    private static string Megabytes(long bytes) =>
        (bytes / (1024.0 * 1024.0)).ToString(bytes % (1024 * 1024) == 0 ? "0" : "0.##", CultureInfo.InvariantCulture);
}
