using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>
/// Chapter breaks: the owner marks a story turn as starting a chapter, with an optional title, and may retitle or
/// unmark it. Only turns that are part of the story (written, not withdrawn) can start a chapter; a refused mark
/// changes nothing. The marks are kept in turn order on the room's document.
/// </summary>
internal static class ChapterRules
{
    /// <summary>The longest chapter title, in characters (a heading, not a paragraph).</summary>
    public const int MaxTitleChars = 80;

    public static void Mark(RoomStep s, string ownerKey, int turnIndex, string? title)
    {
        var normalised = NormaliseTitle(title);
        OwnerRules.RequireOwner(s.State, ownerKey);
        RequireStoryTurn(s.State, turnIndex);
        var marks = s.Doc.Chapters;
        var existing = marks.FindIndex(m => m.TurnIndex == turnIndex);
        if (existing >= 0 && marks[existing].Title == normalised)
        {
            return;   // already so: nothing to store or tell
        }
        if (existing >= 0)
        {
            marks[existing].Title = normalised;
        }
        else
        {
            marks.Add(new ChapterMarkRecord { TurnIndex = turnIndex, Title = normalised });
            marks.Sort((a, b) => a.TurnIndex.CompareTo(b.TurnIndex));
        }
        Changed(s);
    }

    public static void Unmark(RoomStep s, string ownerKey, int turnIndex)
    {
        OwnerRules.RequireOwner(s.State, ownerKey);
        RequireTurn(s.State, turnIndex);
        if (s.Doc.Chapters.RemoveAll(m => m.TurnIndex == turnIndex) > 0)
        {
            Changed(s);
        }
    }

    /// <summary>
    /// An imported story's marks, checked like the owner's: each on one of its <paramref name="turnCount"/> turns, at most
    /// one per turn, titles as <see cref="NormaliseTitle"/> allows. A mark on a turn withdrawn after it was set is kept
    /// (the story's chapters start at the next story turn, as in the room it came from).
    /// </summary>
    public static List<ChapterMarkRecord> Imported(IReadOnlyList<ChapterMark?>? marks, int turnCount)
    {
        var records = new List<ChapterMarkRecord>();
        foreach (var (mark, i) in (marks ?? []).Select((m, i) => (m, i)))
        {
            if (mark is null || mark.TurnIndex < 0 || mark.TurnIndex >= turnCount || records.Any(r => r.TurnIndex == mark.TurnIndex))
            {
                throw new RoomException(RoomErrorCode.InvalidSettings,
                    $"Chapter mark {i + 1} is not on a turn of this story, or marks a turn twice.") { TextKey = "Import.BadChapter", TextArgs = [i + 1] };
            }
            records.Add(new ChapterMarkRecord { TurnIndex = mark.TurnIndex, Title = NormaliseTitle(mark.Title) });
        }
        records.Sort((a, b) => a.TurnIndex.CompareTo(b.TurnIndex));
        return records;
    }

    /// <summary>The room's marks as pages and programs see them.</summary>
    public static IReadOnlyList<ChapterMark> Marks(RoomRecord doc) => [.. doc.Chapters.Select(m => new ChapterMark(m.TurnIndex, m.Title))];

    /// <summary>
    /// A title trimmed to one line, null when blank; over <see cref="MaxTitleChars"/> or holding control characters
    /// is refused.
    /// </summary>
    public static string? NormaliseTitle(string? title)
    {
        var trimmed = title?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return null;
        }
        if (trimmed.Length > MaxTitleChars)
        {
            throw new RoomException(RoomErrorCode.TooLong, $"A chapter title can be at most {MaxTitleChars} characters.")
            {
                TextKey = "Chapter.TitleTooLong",
                TextArgs = [MaxTitleChars],
            };
        }
        if (trimmed.Any(char.IsControl))
        {
            throw new RoomException(RoomErrorCode.InvalidText, "A chapter title is one line of text without control characters.")
            {
                TextKey = "Chapter.TitleInvalid",
            };
        }
        return trimmed;
    }

    private static void RequireStoryTurn(RoomState room, int turnIndex)
    {
        var turn = RequireTurn(room, turnIndex);
        if (!turn.IsStory)
        {
            throw new RoomException(RoomErrorCode.InvalidSettings,
                $"Turn {turnIndex} is {(turn.Withdrawn ? "withdrawn" : "skipped")}, not part of the story; a chapter starts at a story turn.")
            {
                TextKey = "Chapter.NotStory",
            };
        }
    }

    private static TurnView RequireTurn(RoomState room, int turnIndex)
    {
        if (turnIndex < 0 || turnIndex >= room.Turns.Count)
        {
            throw new RoomException(RoomErrorCode.InvalidSettings,
                $"There is no turn {turnIndex} in this room (it has {room.Turns.Count} turns, numbered from 0).");
        }
        return room.Turns[turnIndex];
    }

    private static void Changed(RoomStep s)
    {
        s.SaveRoom();
        s.Emit(new ChaptersChanged(s.State.Id, Marks(s.Doc)));
    }
}
