using RelayNovel.Web.Components.Pages.Read;
using RelayNovel.Web.Components.Shared;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Components.Pages.Room;

/// <summary>The owner's chapter breaks on the room page: offered only where the snapshot's permissions allow.</summary>
public sealed partial class RoomPage
{
    private ChapterActions? _chapterActions;

    private ChapterActions? ChapterActions => Can.CanMarkChapters && OwnerCredential is not null
        ? _chapterActions ??= new ChapterActions(MarkChapterAsync, UnmarkChapterAsync)
        : null;

    private Task<string?> MarkChapterAsync(int turnIndex, string? title) =>
        RunChapterCommandAsync(key => Rooms.MarkChapterAsync(RoomId, key, turnIndex, title));

    private Task<string?> UnmarkChapterAsync(int turnIndex) =>
        RunChapterCommandAsync(key => Rooms.UnmarkChapterAsync(RoomId, key, turnIndex));

    private async Task<string?> RunChapterCommandAsync(Func<string, Task> command)
    {
        if (OwnerCredential is not { } key)
        {
            return L["Error.Forbidden"];
        }
        try
        {
            await command(key);
            _snapshot = await Rooms.GetAsync(RoomId, _participantKey, _ownerKey);
            return null;
        }
        catch (RoomException ex)
        {
            return RoomErrorText.For(L, ex);
        }
    }
}
