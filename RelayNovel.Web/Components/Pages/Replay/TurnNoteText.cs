using Microsoft.Extensions.Localization;

namespace RelayNovel.Web.Components.Pages.Replay;

/// <summary>
/// A turn's stored note in the UI's language. The room service writes its notes in English (they are part of the
/// history and the export, read by machines too), so the known ones are looked up here; anything else is shown as
/// it was written.
/// </summary>
public static class TurnNoteText
{
    private const string AiFailedPrefix = "The AI's turn failed: ";

    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["chosen by the room's vote"] = "Note.ChosenByVote",
        ["picked by the owner"] = "Note.PickedByOwner",
        ["skipped by the owner"] = "Note.SkippedByOwner",
        ["time ran out"] = "Note.TimeRanOut",
        ["removed by the owner"] = "Note.RemovedByOwner",
        ["The AI wrote nothing this time."] = "Note.AiWroteNothing",
    };

    public static string For(IStringLocalizer<UiText> text, string note) =>
        Known.TryGetValue(note, out var key) ? text[key]
        : note.StartsWith(AiFailedPrefix, StringComparison.Ordinal) ? string.Format(System.Globalization.CultureInfo.CurrentCulture, text["Note.AiFailed"], note[AiFailedPrefix.Length..])
        : note;
}
