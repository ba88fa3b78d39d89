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

    /// <param name="maxEntries">At most this many entries (the most recently mentioned); fewer when the context is small.</param>
    public static Plan Build(SettingsRecord settings, IReadOnlyList<GlossaryEntryRecord> glossary, string story,
        int maxEntries = int.MaxValue)
    {
        var recent = story.Length > RecentStoryChars ? story[^RecentStoryChars..] : story;
        var mentioned = glossary
            .Select(e => (Entry: e, At: LastMention(recent, e.Name)))
            .Where(m => m.At >= 0)
            .OrderByDescending(m => m.At)
            .Select(m => m.Entry)
            .ToList();
        var used = new List<GlossaryEntryRecord>();
        var cut = new List<string>();
        var room = MaxGlossaryChars;
        foreach (var entry in mentioned)
        {
            var length = entry.Name.Length + 2 + entry.Line.Length + 1;
            if (length <= room && used.Count < maxEntries)
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

    /// <summary>
    /// Where <paramref name="name"/> last occurs as a word, ignoring case: a Latin name must not sit inside a longer
    /// Latin word ("Bo" is not in "nobody"), while a Korean name may carry a particle ("민지가", "민지는").
    /// </summary>
    public static int LastMention(string text, string name)
    {
        if (name.Length == 0)
        {
            return -1;
        }
        var from = text.Length - 1;
        while (from >= 0)
        {
            var at = text.LastIndexOf(name, from, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return -1;
            }
            var end = at + name.Length;
            var openStart = !char.IsAsciiLetterOrDigit(name[0]) || at == 0 || !char.IsAsciiLetterOrDigit(text[at - 1]);
            var openEnd = !char.IsAsciiLetterOrDigit(name[^1]) || end == text.Length || !char.IsAsciiLetterOrDigit(text[end]);
            if (openStart && openEnd)
            {
                return at;
            }
            from = at - 1;
        }
        return -1;
    }

    private static int IndexOf(IReadOnlyList<GlossaryEntryRecord> glossary, GlossaryEntryRecord entry)
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
