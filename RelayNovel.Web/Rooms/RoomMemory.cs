using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms;

/// <summary>
/// The pinned head of an AI prompt: the premise, the glossary entries whose name occurs in the recent story, then
/// the author's note (closest to the story, where it steers most). The story itself follows; the prompt builder
/// drops its oldest part when the context is full, never the pinned head.
/// </summary>
internal static class RoomMemory
{
    /// <summary>How far back (characters of story text) a glossary name counts as "recent".</summary>
    public const int RecentStoryChars = 2000;

    /// <summary>
    /// Room the glossary may take in the prompt (characters); mentioned entries beyond it are cut, the most recently
    /// mentioned kept first, so the premise and story keep most of a small context.
    /// </summary>
    public const int MaxGlossaryChars = 600;

    public sealed record Plan(string Pinned, bool Premise, bool AuthorNote, IReadOnlyList<string> Used, IReadOnlyList<string> Cut);

    public static Plan Build(SettingsDocument settings, IReadOnlyList<GlossaryEntryDocument> glossary, string story)
    {
        var recent = story.Length > RecentStoryChars ? story[^RecentStoryChars..] : story;
        var mentioned = glossary
            .Select(e => (Entry: e, At: recent.LastIndexOf(e.Name, StringComparison.OrdinalIgnoreCase)))
            .Where(m => m.At >= 0)
            .OrderByDescending(m => m.At)
            .Select(m => m.Entry)
            .ToList();
        var used = new List<GlossaryEntryDocument>();
        var cut = new List<string>();
        var room = MaxGlossaryChars;
        foreach (var entry in mentioned)
        {
            var length = entry.Name.Length + 2 + entry.Line.Length + 1;
            if (length <= room)
            {
                used.Add(entry);
                room -= length;
            }
            else
            {
                cut.Add(entry.Name);
            }
        }
        // In the glossary's own order, so the head reads the same from one turn to the next.
        used.Sort((a, b) => IndexOf(glossary, a).CompareTo(IndexOf(glossary, b)));
        var parts = new List<string>();
        if (settings.Premise.Length > 0)
        {
            parts.Add(settings.Premise);
        }
        parts.AddRange(used.Select(e => $"{e.Name}: {e.Line}"));
        if (settings.AuthorNote.Length > 0)
        {
            parts.Add(settings.AuthorNote);
        }
        return new Plan(string.Join("\n", parts), settings.Premise.Length > 0, settings.AuthorNote.Length > 0,
            [.. used.Select(e => e.Name)], cut);
    }

    private static int IndexOf(IReadOnlyList<GlossaryEntryDocument> glossary, GlossaryEntryDocument entry)
    {
        for (var i = 0; i < glossary.Count; i++)
        {
            if (ReferenceEquals(glossary[i], entry))
            {
                return i;
            }
        }
        return -1;
    }
}
