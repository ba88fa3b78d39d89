using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Components.Pages.Read;

/// <summary>Finds a turn's chapter mark and its number (the mark's place among the room's marks, from 1).</summary>
public static class ChapterMarks
{
    public static (ChapterMark Mark, int Number)? At(IReadOnlyList<ChapterMark> marks, int turnIndex)
    {
        for (var i = 0; i < marks.Count; i++)
        {
            if (marks[i].TurnIndex == turnIndex)
            {
                return (marks[i], i + 1);
            }
        }
        return null;
    }
}
