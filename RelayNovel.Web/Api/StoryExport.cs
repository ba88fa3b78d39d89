using System.Text;
using RelayNovel.Web.Replay;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// The committed story as plain text or Markdown, in the owner's chapters (<see cref="StoryChapters"/>). Skipped and
/// withdrawn turns are history, not story, so they are left out; Markdown escapes user text so a turn (or a chapter
/// title) cannot inject headings, links or HTML.
/// </summary>
public static class StoryExport
{
    public static readonly IReadOnlyList<string> Formats = ["txt", "md", "json"];

    /// <summary>The whole history as a <see cref="RoomExportFile"/> (for import into a new room).</summary>
    public static string ToJson(RoomHistory history) => RoomExportJson.Write(RoomExportFile.From(history, DateTimeOffset.UtcNow));

    public static string ToText(RoomSnapshot room)
    {
        var text = new StringBuilder().Append(room.Settings.Title).Append("\n\n");
        if (room.Settings.Premise.Length > 0)
        {
            text.Append(room.Settings.Premise).Append("\n\n");
        }

        foreach (var chapter in StoryChapters.Split(room.Turns, room.Chapters))
        {
            if (chapter.Heading() is { } heading)
            {
                text.Append(heading).Append("\n\n");
            }
            foreach (var turn in chapter.Turns)
            {
                text.Append(turn.Text.Trim()).Append("\n\n");
            }
        }

        return text.ToString().TrimEnd() + "\n";
    }

    public static string ToMarkdown(RoomSnapshot room)
    {
        var md = new StringBuilder().Append("# ").Append(Escape(room.Settings.Title)).Append("\n\n");
        if (room.Settings.Premise.Length > 0)
        {
            md.Append("> ").Append(Escape(room.Settings.Premise).Replace("\n", "\n> ", StringComparison.Ordinal)).Append("\n\n");
        }

        foreach (var chapter in StoryChapters.Split(room.Turns, room.Chapters))
        {
            if (chapter.Heading() is { } heading)
            {
                md.Append("## ").Append(EscapeLine(heading)).Append("\n\n");
            }
            AppendTurns(md, chapter.Turns);
        }

        return md.ToString().TrimEnd() + "\n";
    }

    private static void AppendTurns(StringBuilder md, IEnumerable<TurnView> turns)
    {
        foreach (var turn in turns)
        {
            md.Append("**").Append(Escape(turn.AuthorName)).Append("**").Append(AiMark(turn)).Append("\n\n")
              .Append(Paragraphs(turn.Text)).Append("\n\n");
        }
    }

    /// <summary>
    /// Each line of a turn as its own paragraph: Markdown joins lines that are only a newline apart, which ran the AI's
    /// lines of dialogue together. Lines are trimmed, so an indented line can't become a code block.
    /// </summary>
    private static string Paragraphs(string text) =>
        string.Join("\n\n", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(EscapeLine));

    /// <summary>
    /// The export as a download named after the story ("비 오는 밤.txt"): ASP.NET Core writes the Content-Disposition
    /// header with an ASCII fallback and the UTF-8 name (RFC 5987 <c>filename*</c>).
    /// </summary>
    public static IResult Download(string content, string contentType, string title, string extension) =>
        TypedResults.File(Encoding.UTF8.GetBytes(content), contentType, FileName(title, extension));

    /// <summary>The title without what file systems refuse (path separators, reserved punctuation, control characters), at most 80 characters.</summary>
    public static string FileName(string title, string extension)
    {
        var name = new StringBuilder(title.Length);
        foreach (var c in title)
        {
            name.Append(char.IsControl(c) || "\\/:*?\"<>|".Contains(c, StringComparison.Ordinal) ? ' ' : c);
        }
        var cleaned = string.Join(' ', name.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim('.', ' ');
        if (cleaned.Length > 80)
        {
            cleaned = cleaned[..80].TrimEnd('.', ' ');
        }
        return $"{(cleaned.Length > 0 ? cleaned : "relaynovel")}.{extension}";
    }

    /// <summary>" (AI)" after an AI turn's author when the name alone doesn't say so (AI seats are usually named "AI").</summary>
    public static string AiMark(TurnView turn) =>
        turn.Kind == TurnKind.Ai && !turn.AuthorName.StartsWith("AI", StringComparison.Ordinal) ? " (AI)" : "";

    /// <summary>
    /// Backslash-escapes what Markdown would turn into markup (CommonMark allows a backslash before any ASCII
    /// punctuation): inline metacharacters everywhere, list and heading markers only where a line starts, so
    /// ordinary sentences ("멈췄다.") stay readable in the raw file.
    /// </summary>
    private static string Escape(string value) =>
        string.Join('\n', value.Split('\n').Select(EscapeLine));

    private static string EscapeLine(string line)
    {
        var escaped = new StringBuilder(line.Length + 8);
        var start = line.Length - line.TrimStart().Length;
        var digits = start;
        while (digits < line.Length && char.IsAsciiDigit(line[digits]))
        {
            digits++;
        }

        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            var listMarker = (i == start && c is '-' or '+' or '=') || (i == digits && digits > start && c is '.' or ')');
            if (listMarker || "\\`*_{}[]()<>#!|~&".Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
