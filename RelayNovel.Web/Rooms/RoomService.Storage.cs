using System.Globalization;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms;

/// <summary>
/// Storage quotas: a room takes turns while its stored turns are under <see cref="Hosting.RelayNovelOptions.RoomStorageLimitBytes"/>
/// (the turn that reaches it is the last), and new rooms, imports and people's turns wait while the file is over
/// <see cref="Hosting.RelayNovelOptions.StoreStorageLimitBytes"/>. An import follows the same rule as a live room, so a
/// room the app wrote always imports again.
/// </summary>
public sealed partial class RoomService
{
    /// <summary>
    /// How many characters of drafts an import of <paramref name="fileBytes"/> may rebuild: in proportion to the file
    /// (<see cref="Api.RoomExportFile.DraftCharsPerByte"/>) and never more than a room may store.
    /// </summary>
    public long ImportDraftBudget(long fileBytes) =>
        Math.Min(_options.RoomStorageLimitBytes, Api.RoomExportFile.DraftCharsPerByte * Math.Max(fileBytes, 1));

    private long StoredBytes(IEnumerable<TurnRecord> turns) => turns.Sum(_store.SizeOf);

    private static void RequireRoomSpace(Room room)
    {
        if (room.StorageFull)
        {
            throw RoomStorageFull(room.StorageLimitBytes);
        }
    }

    /// <summary>Refuses when the file, grown by <paramref name="adding"/> bytes, would pass the total quota (0 = none).</summary>
    private void RequireStoreSpace(long adding)
    {
        var limit = _options.StoreStorageLimitBytes;
        if (limit > 0 && _store.FileBytes + adding > limit)
        {
            throw new RoomException(RoomErrorCode.StoreFull,
                $"The server's story storage is full ({Megabytes(limit)} MB), so it takes no new rooms, imports or turns for now; " +
                $"existing rooms can still be read and exported. (서버의 이야기 저장 공간({Megabytes(limit)} MB)이 가득 차서 " +
                "지금은 새 방, 가져오기, 새 글을 받을 수 없습니다. 기존 방은 읽고 내보낼 수 있습니다.)");
        }
    }

    /// <summary>An import's turns must fit as a live room's would: all but the last under the room quota, and the file under its own.</summary>
    private void RequireImportSpace(IReadOnlyList<TurnRecord> turns)
    {
        var sizes = turns.Select(_store.SizeOf).ToList();
        var beforeLast = sizes.Count == 0 ? 0 : sizes.Sum() - sizes[^1];
        if (beforeLast >= _options.RoomStorageLimitBytes)
        {
            throw RoomStorageFull(_options.RoomStorageLimitBytes);
        }
        RequireStoreSpace(sizes.Sum());
    }

    private static RoomException RoomStorageFull(long limit) => new(RoomErrorCode.RoomStorageFull,
        $"This room holds as much as a room may store ({Megabytes(limit)} MB), so it takes no more turns; it can still be " +
        $"read, exported and replayed. (이 방은 저장 한도({Megabytes(limit)} MB)에 도달해 더 이상 글을 받을 수 없습니다. " +
        "읽기, 내보내기, 다시 보기는 할 수 있습니다.)");

    private static string Megabytes(long bytes) =>
        (bytes / (1024.0 * 1024.0)).ToString(bytes % (1024 * 1024) == 0 ? "0" : "0.##", CultureInfo.InvariantCulture);
}
