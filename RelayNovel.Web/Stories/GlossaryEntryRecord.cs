namespace RelayNovel.Web.Stories;

/// <summary>A stored glossary entry: a name (person, place, thing) and one short line about it.</summary>
public sealed class GlossaryEntryRecord
{
    public string Name { get; set; } = "";
    public string Line { get; set; } = "";
}
