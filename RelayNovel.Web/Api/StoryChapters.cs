using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// The story cut into chapters at the owner's marks: what the exports, the reading view (and the EPUB) share, so a
/// chapter starts at the same turn everywhere.
/// </summary>
public static class StoryChapters
{
    /// <summary>
    /// The story turns of <paramref name="turns"/> (written, not withdrawn; by index) grouped by
    /// <paramref name="marks"/>. A mark on a turn that has left the story (withdrawn since, or its AI text being
    /// written again) starts its chapter at the next story turn; when several marks meet one turn the nearest wins,
    /// and marks after the last story turn wait for the turns to come. Turns before the first mark form an unmarked
    /// chapter (no heading), left out when there are none. An empty story has no chapters.
    /// </summary>
    public static IReadOnlyList<StoryChapter> Split(IReadOnlyList<TurnView> turns, IReadOnlyList<ChapterMark> marks)
    {
        ArgumentNullException.ThrowIfNull(turns);
        ArgumentNullException.ThrowIfNull(marks);
        var ordered = marks.OrderBy(m => m.TurnIndex).ToList();
        var chapters = new List<StoryChapter>();
        var current = new List<TurnView>();
        ChapterMark? mark = null;
        var number = 0;
        var nextMark = 0;
        foreach (var turn in turns.Where(t => t.IsStory).OrderBy(t => t.Index))
        {
            ChapterMark? starts = null;
            while (nextMark < ordered.Count && ordered[nextMark].TurnIndex <= turn.Index)
            {
                starts = ordered[nextMark++];
            }
            if (starts is not null)
            {
                Close();
                mark = starts;
                number++;
            }
            current.Add(turn);
        }
        Close();
        return chapters;

        void Close()
        {
            if (current.Count > 0)
            {
                chapters.Add(new StoryChapter(mark is null ? 0 : number, mark, current));
                current = [];
            }
        }
    }
}
