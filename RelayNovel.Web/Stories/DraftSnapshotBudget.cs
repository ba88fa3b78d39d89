namespace RelayNovel.Web.Stories;

/// <summary>
/// Keeps one turn's draft snapshots within <see cref="StoryLimits"/>: when there are too many, or too much text in
/// them, every other snapshot between the first and the last goes (the replay gets coarser, never shorter). Stored
/// whole, snapshots would otherwise grow with the square of the turn's length.
/// </summary>
public static class DraftSnapshotBudget
{
    /// <summary>The characters a turn's snapshots may hold, given the longest of them.</summary>
    public static long CharsFor(int longest) =>
        Math.Clamp(64L * longest, StoryLimits.MinDraftSnapshotChars, StoryLimits.MaxDraftSnapshotChars);

    public static bool Fits(IReadOnlyList<DraftSnapshotRecord> snapshots)
    {
        var (total, longest) = Measure(snapshots);
        return snapshots.Count <= StoryLimits.MaxDraftSnapshots && total <= CharsFor(longest);
    }

    /// <summary>Thins <paramref name="snapshots"/> in place until <see cref="Fits"/> holds; the first and last always stay.</summary>
    public static void Thin(List<DraftSnapshotRecord> snapshots)
    {
        while (snapshots.Count > 2 && !Fits(snapshots))
        {
            var last = snapshots.Count - 1;
            var kept = new List<DraftSnapshotRecord>((snapshots.Count / 2) + 2);
            for (var i = 0; i < last; i += 2)
            {
                kept.Add(snapshots[i]);
            }
            kept.Add(snapshots[last]);
            snapshots.Clear();
            snapshots.AddRange(kept);
        }
    }

    private static (long Total, int Longest) Measure(IReadOnlyList<DraftSnapshotRecord> snapshots)
    {
        long total = 0;
        var longest = 0;
        foreach (var snapshot in snapshots)
        {
            var length = snapshot.Text?.Length ?? 0;
            total += length;
            longest = Math.Max(longest, length);
        }
        return (total, longest);
    }
}
