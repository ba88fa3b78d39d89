using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms;

/// <summary>
/// The room's memory beside the story: premise and author's note (part of the settings), and the glossary. The
/// prompt builder (<see cref="RoomMemory"/>) pins the premise, the glossary entries the recent story mentions, and
/// the author's note ahead of the story.
/// </summary>
public sealed partial class RoomService
{
    /// <summary>The owner replaces the glossary (limits in <see cref="GlossaryRules"/>); a refused list changes nothing.</summary>
    public Task UpdateGlossaryAsync(string roomId, string ownerKey, IReadOnlyList<GlossaryEntry> entries)
    {
        var valid = GlossaryRules.Normalise(entries);
        Mutate(roomId, (room, events) =>
        {
            RequireOwner(room, ownerKey);
            room.Doc.Glossary = [.. valid.Select(e => new GlossaryEntryRecord { Name = e.Name, Line = e.Line })];
            _store.SaveRoom(room.Doc);
            events.Add(new GlossaryChanged(room.Id, valid));
            return 0;
        });
        return Task.CompletedTask;
    }

    /// <summary>Reads "name: short line" lines into glossary entries (for editors that take the glossary as text).</summary>
    public static IReadOnlyList<GlossaryEntry> ParseGlossary(string text) => GlossaryRules.Parse(text);

    /// <summary>The glossary as "name: short line" lines.</summary>
    public static string FormatGlossary(IEnumerable<GlossaryEntry> entries) => GlossaryRules.Format(entries);

    /// <summary>
    /// The owner's "show prompt": the exact text last sent to the model in this room (null before the first AI turn
    /// since the room was loaded). Only the owner gets it; pages and events carry only the meter's numbers.
    /// </summary>
    public string? GetPromptText(string roomId, string ownerKey)
    {
        var room = Require(roomId);
        lock (room.Gate)
        {
            RequireOwner(room, ownerKey);
            return room.LastPromptText;
        }
    }
}
