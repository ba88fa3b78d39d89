using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Web.Api;

/// <summary>A JSON room export becomes a new room: the same path for <c>POST /api/rooms/import</c> and the home page's upload.</summary>
public static class RoomImport
{
    /// <summary>Reads the export (at most <see cref="RoomExportJson.MaxBytes"/>) and creates the room; nothing is stored unless all of it is valid.</summary>
    public static async Task<RoomCreated> ImportAsync(RoomClient rooms, Stream json, long? length, CancellationToken ct)
    {
        var (file, bytes) = await RoomExportJson.ReadSizedAsync(json, length, ct);
        var (settings, glossary, turns) = file.ToImport(rooms.ImportDraftBudget(bytes));
        return await rooms.ImportAsync(settings, turns, glossary, file.Chapters);
    }
}
