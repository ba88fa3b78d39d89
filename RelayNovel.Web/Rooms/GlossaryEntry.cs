namespace RelayNovel.Web.Rooms;

/// <summary>A glossary entry: a name (person, place, thing) and one short line the AI should know about it.</summary>
public sealed record GlossaryEntry(string Name, string Line);
