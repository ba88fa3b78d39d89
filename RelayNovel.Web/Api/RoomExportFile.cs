using RelayNovel.Web.Replay;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// The JSON export of a room's whole history (<c>GET /api/rooms/{id}/export?format=json</c>), and what
/// <c>POST /api/rooms/import</c> reads back. Versioned: a reader refuses a version it doesn't know.
/// Nothing in it grants access: no room id, no keys, only the story and how it was written.
/// </summary>
public sealed record RoomExportFile(string? Format, int? Version, DateTimeOffset? ExportedAt, RoomSettings? Room,
    IReadOnlyList<RoomExportTurn>? Turns, IReadOnlyList<GlossaryEntry>? Glossary = null, IReadOnlyList<ChapterMark>? Chapters = null)
{
    public const string FormatName = "relaynovel-room";
    public const int CurrentVersion = 1;

    /// <summary>
    /// How many characters of rebuilt drafts an import may ask for per byte of file (they are stored whole). A room the
    /// app wrote needs at most about 20: a turn keeps at most <see cref="Stories.StoryLimits.MaxDraftSnapshotChars"/>,
    /// and each snapshot past the first costs its edit in the file.
    /// </summary>
    public const int DraftCharsPerByte = 32;

    public static RoomExportFile From(RoomHistory history, DateTimeOffset exportedAt) =>
        new(FormatName, CurrentVersion, exportedAt, history.Room.Settings, [.. history.Turns.Select(RoomExportTurn.From)],
            history.Room.Glossary, history.Room.Chapters);

    /// <summary>Checks the envelope and rebuilds at most <paramref name="draftBudget"/> characters of drafts; the service checks the settings and turns themselves.</summary>
    public (RoomSettings Settings, IReadOnlyList<GlossaryEntry> Glossary, List<Stories.TurnRecord> Turns) ToImport(long draftBudget)
    {
        if (Format != FormatName)
        {
            throw Invalid($"This is not a RelayNovel room export (\"format\" must be \"{FormatName}\").", "Import.NotAnExport");
        }
        if (Version != CurrentVersion)
        {
            throw Invalid($"Export version {Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(missing)"} " +
                $"can't be read; this server reads version {CurrentVersion}.", "Import.Version");
        }
        var settings = Room ?? throw Invalid("The export has no \"room\" settings.", "Import.NoRoom");
        var turns = Turns ?? throw Invalid("The export has no \"turns\" list.", "Import.NoTurns");
        if (turns.Any(t => t is null))
        {
            throw Invalid("The \"turns\" list contains an empty entry.", "Import.NoTurns");
        }
        var budget = draftBudget;
        var documents = new List<Stories.TurnRecord>(turns.Count);
        foreach (var turn in turns)
        {
            documents.Add(turn.ToDocument(ref budget));
        }
        return (settings, Glossary ?? [], documents);
    }

    private static RoomException Invalid(string message, string textKey) => new(RoomErrorCode.InvalidSettings, message) { TextKey = textKey };
}
