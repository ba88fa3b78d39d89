using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Api;

/// <summary>
/// A draft snapshot in the export, stored as a change to the one before: keep the first <see cref="Keep"/>
/// characters, then add <see cref="Add"/>. Typing mostly appends, so a turn's hundreds of snapshots cost about
/// as much as its text instead of its text times the number of snapshots.
/// </summary>
public sealed record DraftEdit(long OffsetMs, int Keep, string? Add)
{
    public static List<DraftEdit> Encode(IEnumerable<DraftSnapshotRecord> snapshots)
    {
        var edits = new List<DraftEdit>();
        var previous = "";
        foreach (var snapshot in snapshots)
        {
            var text = snapshot.Text ?? "";   // an older data file may hold an empty draft as null
            var keep = previous.AsSpan().CommonPrefixLength(text);
            if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
            {
                keep--;   // never split a surrogate pair between what is kept and what is added
            }
            edits.Add(new DraftEdit(snapshot.OffsetMs, keep, text[keep..]));
            previous = text;
        }
        return edits;
    }

    /// <summary>
    /// Rebuilds the snapshots, refusing edits that keep more than there was, more snapshots or text than one turn keeps
    /// (<see cref="StoryLimits"/>), or growth past <paramref name="budget"/> characters in all: each check comes before
    /// the text is built, so a small file can't make the server build a huge one.
    /// </summary>
    public static List<DraftSnapshotRecord> Decode(IReadOnlyList<DraftEdit?> edits, string turn, ref long budget)
    {
        var snapshots = new List<DraftSnapshotRecord>(edits.Count);
        if (edits.Count > StoryLimits.MaxDraftSnapshots)
        {
            throw new RoomException(RoomErrorCode.TooLong, $"{turn} has more than {StoryLimits.MaxDraftSnapshots} draft snapshots.");
        }
        var previous = "";
        long turnChars = 0;
        foreach (var edit in edits)
        {
            if (edit is null || edit.Keep < 0 || edit.Keep > previous.Length)
            {
                throw new RoomException(RoomErrorCode.InvalidSettings,
                    $"{turn} has a draft edit that keeps more of the draft than there was (or is empty).");
            }
            var length = edit.Keep + (long)(edit.Add?.Length ?? 0);
            turnChars += length;
            if (turnChars > StoryLimits.MaxDraftSnapshotChars)
            {
                throw new RoomException(RoomErrorCode.TooLong, $"{turn}'s drafts hold more text than a turn keeps " +
                    $"({StoryLimits.MaxDraftSnapshotChars} characters across its snapshots).");
            }
            budget -= length;
            if (budget < 0)
            {
                throw new RoomException(RoomErrorCode.TooLong, "The export's drafts add up to more text than an import may hold.");
            }
            previous = string.Concat(previous.AsSpan(0, edit.Keep), edit.Add);
            snapshots.Add(new DraftSnapshotRecord { OffsetMs = edit.OffsetMs, Text = previous });
        }
        return snapshots;
    }
}
