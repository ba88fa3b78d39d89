using RelayNovel.Web.Replay;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api.Epub;

/// <summary>A room's story as an <see cref="EpubBook"/>: what <c>GET /api/rooms/{id}/export?format=epub</c> writes.</summary>
public static class EpubBookBuilder
{
    /// <summary>
    /// The story (written turns, not skipped or withdrawn ones), the premise as the foreword, the people who wrote it and
    /// the models that wrote its AI turns. <paramref name="exportedAt"/> stands for the modification time of a room
    /// without turns; otherwise the book changed when its last turn ended, so exports of an unchanged room are the same.
    /// </summary>
    public static EpubBook FromExport(RoomHistory history, TrainingDataCredits credits, EpubLabels labels, DateTimeOffset exportedAt)
    {
        var room = history.Room;
        var story = history.Turns.Select(t => (View: t.ToView(), t.Model)).Where(t => t.View.IsStory).OrderBy(t => t.View.Index).ToList();
        var turns = story.Select(t => t.View).ToList();
        var authors = turns.Where(t => t.Kind == TurnKind.Human).Select(t => t.AuthorName.Trim())
            .Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var models = story.Where(t => t.View.Kind == TurnKind.Ai && !string.IsNullOrWhiteSpace(t.Model))
            .Select(t => t.Model!).Distinct(StringComparer.Ordinal).Select(credits.For).ToList();
        var premise = room.Settings.Premise;
        return new EpubBook(RoomBookId.For(room.RoomId), room.Settings.Title, string.IsNullOrWhiteSpace(premise) ? null : premise,
            Chapters(turns, room.Chapters, labels), authors, models, turns.Count > 0 ? turns.Max(t => t.EndedAt) : exportedAt, labels);
    }

    /// <summary>
    /// The story's chapters, cut at the owner's marks as the reading view and the other exports cut them
    /// (<see cref="StoryChapters"/>): a marked chapter is named by its heading there ("제2장" when untitled), the turns
    /// before the first mark by the story's label, and a story without marks is one chapter.
    /// </summary>
    private static IReadOnlyList<EpubChapter> Chapters(IReadOnlyList<TurnView> turns, IReadOnlyList<ChapterMark> marks, EpubLabels labels)
    {
        var chapters = StoryChapters.Split(turns, marks);
        if (chapters.Count <= 1 && chapters.All(c => c.Mark is null))
        {
            return [new EpubChapter(null, [.. turns.Select(Passage)])];
        }
        return [.. chapters.Select(c => new EpubChapter(c.Heading() ?? labels.Story, [.. c.Turns.Select(Passage)]))];
    }

    private static EpubPassage Passage(TurnView turn) => EpubPassage.From(turn.AuthorName + StoryExport.AiMark(turn), turn.Text);
}
