namespace RelayNovel.Web.Stories.LiteDb;

/// <summary>
/// Turns a room's snapshots as written (oldest first) into the current turn's replay: a later snapshot with the same
/// offset replaces the earlier one in its place, then <see cref="DraftSnapshotBudget"/> thins a long turn so it keeps
/// its whole span at a coarser step.
/// </summary>
public static class DraftSnapshotMerge
{
    public static List<DraftSnapshotRecord> Current(IEnumerable<DraftSnapshotRecord> written)
    {
        var merged = new List<DraftSnapshotRecord>();
        var atOffset = new Dictionary<long, int>();
        foreach (var snapshot in written)
        {
            if (atOffset.TryGetValue(snapshot.OffsetMs, out var i))
            {
                merged[i] = snapshot;
            }
            else
            {
                atOffset[snapshot.OffsetMs] = merged.Count;
                merged.Add(snapshot);
            }
        }
        DraftSnapshotBudget.Thin(merged);
        return merged;
    }
}
