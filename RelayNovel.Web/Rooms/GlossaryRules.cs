namespace RelayNovel.Web.Rooms;

/// <summary>
/// What a room's glossary may hold: at most <see cref="MaxEntries"/> entries, each a name of at most
/// <see cref="MaxName"/> characters and one line of at most <see cref="MaxLine"/>; names are unique (ignoring case).
/// </summary>
internal static class GlossaryRules
{
    public const int MaxEntries = 40;
    public const int MaxName = 40;
    public const int MaxLine = 200;

    /// <summary>Returns the entries trimmed, or throws a <see cref="RoomException"/> naming the first bad entry.</summary>
    public static IReadOnlyList<GlossaryEntry> Normalise(IReadOnlyList<GlossaryEntry>? entries)
    {
        entries ??= [];
        if (entries.Count > MaxEntries)
        {
            throw Invalid($"The glossary can hold at most {MaxEntries} entries; this one has {entries.Count}.", "Glossary.Error.TooMany", MaxEntries, entries.Count);
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<GlossaryEntry>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var what = $"Glossary entry {i + 1}";
            var name = (entries[i]?.Name ?? "").Trim();
            var line = TurnTextRules.Normalise(entries[i]?.Line).Trim();
            if (name.Length == 0 || line.Length == 0)
            {
                throw Invalid($"{what} needs a name and a line about it (\"name: short line\").", "Glossary.Error.Incomplete", i + 1);
            }
            if (name.Length > MaxName)
            {
                throw Invalid($"{what}: a name can be at most {MaxName} characters.", "Glossary.Error.NameTooLong", i + 1, MaxName);
            }
            if (line.Length > MaxLine)
            {
                throw Invalid($"{what}: the line can be at most {MaxLine} characters; it has {line.Length}.", "Glossary.Error.LineTooLong", i + 1, MaxLine, line.Length);
            }
            CheckCharacters(name, what, i);
            CheckCharacters(line, what, i);
            if (name.Contains(':', StringComparison.Ordinal))
            {
                throw Invalid($"{what}: a name can't contain ':' (it separates the name from the line).", "Glossary.Error.Colon", i + 1);
            }
            if (!names.Add(name))
            {
                throw Invalid($"{what}: \"{name}\" is already in the glossary.", "Glossary.Error.Duplicate", i + 1, name);
            }
            result.Add(new GlossaryEntry(name, line));
        }
        return result;
    }

    /// <summary>Reads "name: short line" lines (blank lines ignored); a line without ':' becomes an entry without a line, which <see cref="Normalise"/> refuses.</summary>
    public static IReadOnlyList<GlossaryEntry> Parse(string? text) =>
        [.. TurnTextRules.Normalise(text).Split('\n')
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0
                ? new GlossaryEntry(l[..colon].Trim(), l[(colon + 1)..].Trim())
                : new GlossaryEntry(l.Trim(), ""))];

    public static string Format(IEnumerable<GlossaryEntry> entries) =>
        string.Join("\n", entries.Select(e => $"{e.Name}: {e.Line}"));

    private static void CheckCharacters(string text, string what, int i)
    {
        try
        {
            TurnTextRules.CheckCharacters(text, what, allowNewLines: false, RoomErrorCode.InvalidSettings);
        }
        catch (RoomException ex)
        {
            throw Invalid(ex.Message, "Glossary.Error.Characters", i + 1);
        }
    }

    /// <summary>The English detail for the API, and the UI text that says the same to the person editing.</summary>
    private static RoomException Invalid(string message, string textKey, params object[] textArgs) =>
        new(RoomErrorCode.InvalidSettings, message) { TextKey = textKey, TextArgs = textArgs };
}
