using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Rooms;

/// <summary>Issue 15: the owner's chapter breaks — who may, which turns, titles, removal, and other viewers seeing them live.</summary>
public sealed class ChapterMarkTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly RoomSettings TwoWriters = new("장 나누기", SeatPlan: [SeatKind.Human, SeatKind.Human]);
    private readonly RelayNovelAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<RoomSetup> RoomWithTurnsAsync(params string[] texts)
    {
        var room = await RoomSetup.CreateAsync(_app.Rooms, TwoWriters, "민지", "서준");
        for (var i = 0; i < texts.Length; i++)
        {
            await _app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(i % 2), texts[i]);
        }
        return room;
    }

    [Fact]
    public async Task MarkChapter_ByOwner_TitledAndUntitledMarksInTurnOrderOnTheSnapshot()
    {
        var room = await RoomWithTurnsAsync("첫 문장.", "둘째 문장.", "셋째 문장.");

        await _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 2, "  2장: 비  ");
        await _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 0, "   ");

        Assert.Equal([new ChapterMark(0, null), new ChapterMark(2, "2장: 비")], (await _app.Rooms.GetAsync(room.Id))!.Chapters);
    }

    [Fact]
    public async Task MarkChapter_AgainWithANewTitle_RetitlesTheSameMark()
    {
        var room = await RoomWithTurnsAsync("첫 문장.", "둘째 문장.");
        await _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 1, "처음 제목");

        await _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 1, "고친 제목");

        Assert.Equal([new ChapterMark(1, "고친 제목")], (await _app.Rooms.GetAsync(room.Id))!.Chapters);
    }

    [Fact]
    public async Task MarkChapter_BySeatedWriterOrStranger_ForbiddenAndNothingMarked()
    {
        var room = await RoomWithTurnsAsync("첫 문장.");

        var writer = await Assert.ThrowsAsync<RoomException>(() => _app.Rooms.MarkChapterAsync(room.Id, room.KeyOf(0), 0, "제목"));
        var stranger = await Assert.ThrowsAsync<RoomException>(() => _app.Rooms.MarkChapterAsync(room.Id, "nobody", 0, null));
        var unmark = await Assert.ThrowsAsync<RoomException>(() => _app.Rooms.UnmarkChapterAsync(room.Id, room.KeyOf(0), 0));

        Assert.Equal([RoomErrorCode.Forbidden, RoomErrorCode.Forbidden, RoomErrorCode.Forbidden], [writer.Code, stranger.Code, unmark.Code]);
        Assert.Empty((await _app.Rooms.GetAsync(room.Id))!.Chapters);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    [InlineData(100)]
    public async Task MarkChapter_NoSuchTurn_RefusedAsInvalid(int index)
    {
        var room = await RoomWithTurnsAsync("첫 문장.", "둘째 문장.");

        var error = await Assert.ThrowsAsync<RoomException>(() => _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, index, null));

        Assert.Equal(RoomErrorCode.InvalidSettings, error.Code);
        Assert.Contains($"no turn {index}", error.Message, StringComparison.Ordinal);
        Assert.Empty((await _app.Rooms.GetAsync(room.Id))!.Chapters);
    }

    [Fact]
    public async Task MarkChapter_WithdrawnOrSkippedTurn_RefusedWithTheReason()
    {
        var room = await RoomWithTurnsAsync("첫 문장.", "되돌릴 문장.");
        await _app.Rooms.UndoTurnAsync(room.Id, room.KeyOf(1));   // turn 1 withdrawn; the baton is 서준's again
        await _app.Rooms.SkipTurnAsync(room.Id, room.Room.OwnerKey);   // turn 2 skipped

        var withdrawn = await Assert.ThrowsAsync<RoomException>(() => _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 1, "제목"));
        var skipped = await Assert.ThrowsAsync<RoomException>(() => _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 2, "제목"));

        Assert.Equal((RoomErrorCode.InvalidSettings, "Chapter.NotStory"), (withdrawn.Code, withdrawn.TextKey));
        Assert.Contains("withdrawn", withdrawn.Message, StringComparison.Ordinal);
        Assert.Contains("skipped", skipped.Message, StringComparison.Ordinal);
        Assert.Empty((await _app.Rooms.GetAsync(room.Id))!.Chapters);
    }

    [Fact]
    public async Task MarkChapter_TitleTooLongOrWithControlCharacters_RefusedAndTheOldTitleKept()
    {
        var room = await RoomWithTurnsAsync("첫 문장.");
        await _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 0, "처음");

        var tooLong = await Assert.ThrowsAsync<RoomException>(() =>
            _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 0, new string('장', 81)));
        var control = await Assert.ThrowsAsync<RoomException>(() =>
            _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 0, "한 줄\n두 줄"));
        await _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 0, new string('장', 80));   // the limit itself is fine

        Assert.Equal((RoomErrorCode.TooLong, "Chapter.TitleTooLong"), (tooLong.Code, tooLong.TextKey));
        Assert.Equal(RoomErrorCode.InvalidText, control.Code);
        Assert.Equal([new ChapterMark(0, new string('장', 80))], (await _app.Rooms.GetAsync(room.Id))!.Chapters);
    }

    [Fact]
    public async Task UnmarkChapter_MarkedTurn_RemovesOnlyThatMark()
    {
        var room = await RoomWithTurnsAsync("첫 문장.", "둘째 문장.");
        await _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 0, "하나");
        await _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 1, "둘");

        await _app.Rooms.UnmarkChapterAsync(room.Id, room.Room.OwnerKey, 0);
        await _app.Rooms.UnmarkChapterAsync(room.Id, room.Room.OwnerKey, 0);   // already gone: nothing changes

        Assert.Equal([new ChapterMark(1, "둘")], (await _app.Rooms.GetAsync(room.Id))!.Chapters);
    }

    [Fact]
    public async Task MarkChapter_AnotherViewerFollowingTheRoom_GetsTheMarksAsAnEvent()
    {
        var room = await RoomWithTurnsAsync("첫 문장.", "둘째 문장.");
        using var viewer = await RoomEventLog.StartAsync(_app.Broadcaster, room.Id);
        await _app.Broadcaster.FollowingAsync(room.Id);

        await _app.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 1, "비 오는 밤");
        var marked = await viewer.WaitForAsync<ChaptersChanged>(timeout: Patience);
        await _app.Rooms.UnmarkChapterAsync(room.Id, room.Room.OwnerKey, 1);
        var unmarked = await viewer.WaitForAsync<ChaptersChanged>(e => e.Chapters.Count == 0, Patience);

        Assert.Equal([new ChapterMark(1, "비 오는 밤")], marked.Chapters);
        Assert.True(unmarked.Seq > marked.Seq);
    }

    [Fact]
    public async Task MarkChapter_AppRestarted_MarksStillThere()
    {
        using var data = new Checkpoints.TempDirectory();
        string roomId;
        await using (var first = RelayNovelAppFactory.On(data))
        {
            var room = await RoomSetup.CreateAsync(first.Rooms, TwoWriters, "민지");
            await first.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "첫 문장.");
            await first.Rooms.MarkChapterAsync(room.Id, room.Room.OwnerKey, 0, "프롤로그");
            roomId = room.Id;
        }
        await using var second = RelayNovelAppFactory.On(data);

        Assert.Equal([new ChapterMark(0, "프롤로그")], (await second.Rooms.GetAsync(roomId))!.Chapters);
    }
}
