using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Replay;

/// <summary>
/// Turns a stored turn into frames: what its text was at which moment of the replay. Human turns use the
/// draft snapshots, AI turns the token chunks. Pauses are shortened to <see cref="MaxPauseMs"/>, so a writer
/// who left for coffee does not leave the replay standing still; the last frame is always the committed text.
/// Texts are read null-safe: an older data file may hold an empty string as null.
/// </summary>
public static class ReplayFrames
{
    public const long MaxPauseMs = 3_000;

    public static (long[] Times, string[] Texts) For(TurnRecord turn)
    {
        var raw = turn.Kind == TurnKind.Ai || turn.TokenChunks.Count > 0 ? AiFrames(turn) : DraftFrames(turn);
        var times = new long[raw.Count + 1];
        var texts = new string[raw.Count + 1];
        long previousRaw = 0, time = 0;
        for (var i = 0; i < raw.Count; i++)
        {
            var at = Math.Max(previousRaw, raw[i].OffsetMs);
            time += Math.Min(at - previousRaw, MaxPauseMs);
            previousRaw = at;
            times[i] = time;
            texts[i] = raw[i].Text;
        }
        var end = Math.Max(previousRaw, EndOffset(turn, raw));
        times[^1] = time + Math.Min(end - previousRaw, MaxPauseMs);
        texts[^1] = turn.Text ?? "";
        return (times, texts);
    }

    private static List<(long OffsetMs, string Text)> DraftFrames(TurnRecord turn) =>
        [.. turn.DraftSnapshots.Select(s => (Math.Max(0, s.OffsetMs), s.Text ?? ""))];

    /// <summary>Chunks accumulate; GPT-2's leading space before the first word is not part of the story.</summary>
    private static List<(long OffsetMs, string Text)> AiFrames(TurnRecord turn)
    {
        var frames = new List<(long, string)>(turn.TokenChunks.Count);
        var text = "";
        foreach (var chunk in turn.TokenChunks)
        {
            text += chunk.Text ?? "";
            frames.Add((Math.Max(0, (long)chunk.OffsetMs), text.TrimStart()));
        }
        return frames;
    }

    /// <summary>A human turn ends when it was submitted; an AI turn when its last chunk was written.</summary>
    private static long EndOffset(TurnRecord turn, List<(long OffsetMs, string Text)> raw) =>
        turn.Kind == TurnKind.Ai || turn.TokenChunks.Count > 0
            ? raw.Count > 0 ? raw[^1].OffsetMs : 0
            : Math.Max(0, turn.EndedAtMs - turn.StartedAtMs);
}
