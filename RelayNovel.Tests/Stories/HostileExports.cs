using System.Text;
using System.Text.Json.Nodes;

namespace RelayNovel.Tests.Stories;

/// <summary>
/// Room exports whose draft edits rebuild far more text than the file holds: each turn adds one long draft and then
/// repeats "keep all but one character, add one", so every snapshot is stored whole.
/// </summary>
public static class HostileExports
{
    /// <summary>Issue 16's file: 4 turns of 400 snapshots of 40,000 characters (64M characters from about 264 KB).</summary>
    public static string KeepAllAddOne() => Build(turns: 4, draftLength: 40_000, snapshotsPerTurn: 400);

    /// <summary>
    /// A file that stays inside every per-turn limit (100,000 characters of snapshots per turn) but has many such
    /// turns: about 4.7 KB of file per 100,000 rebuilt characters.
    /// </summary>
    public static string WithinEachTurnsLimit(int turns) => Build(turns, draftLength: 2_000, snapshotsPerTurn: 50);

    public static string Build(int turns, int draftLength, int snapshotsPerTurn)
    {
        var list = new JsonArray();
        var start = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        for (var t = 0; t < turns; t++)
        {
            var drafts = new JsonArray { new JsonObject { ["offsetMs"] = 0, ["keep"] = 0, ["add"] = new string('x', draftLength) } };
            for (var s = 1; s < snapshotsPerTurn; s++)
            {
                drafts.Add(new JsonObject { ["offsetMs"] = s * 100, ["keep"] = draftLength - 1, ["add"] = "x" });
            }
            list.Add(new JsonObject
            {
                ["index"] = t, ["seatIndex"] = 0, ["author"] = "a", ["kind"] = "human", ["text"] = "비가 내렸다.",
                ["startedAt"] = start.AddMinutes(t).ToString("O"), ["endedAt"] = start.AddMinutes(t).AddSeconds(50).ToString("O"),
                ["drafts"] = drafts,
            });
        }
        var file = new JsonObject
        {
            ["format"] = "relaynovel-room", ["version"] = 1,
            ["room"] = new JsonObject { ["title"] = "불어나는 초안", ["seatPlan"] = new JsonArray("human") },
            ["turns"] = list,
        };
        return file.ToJsonString();
    }

    public static StringContent Content(string json) => new(json, Encoding.UTF8, "application/json");
}
