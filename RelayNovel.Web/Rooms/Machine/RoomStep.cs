using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>
/// One command being applied: the room, the moment, and what the rules collect on the way (events, writes, effects).
/// The rule classes take it in place of a store, a broadcaster and a model.
/// </summary>
internal sealed class RoomStep(RoomState state, DateTimeOffset now, RoomContext context, RoomMachine machine)
{
    private readonly List<TurnRecord> _append = [];
    private readonly List<TurnRecord> _replace = [];
    private readonly List<int> _remove = [];
    private bool _roomDirty;
    private bool _clearSnapshots;

    public RoomState State { get; } = state;
    public RoomRecord Doc => State.Doc;
    public DateTimeOffset Now { get; } = now;
    public long NowMs => Now.ToUnixTimeMilliseconds();
    public RoomContext Context { get; } = context;
    public RoomRules Rules => Machine.Rules;
    public RoomMachine Machine { get; } = machine;
    public List<RoomEvent> Events { get; } = [];
    public List<RoomEffect> Effects { get; } = [];

    public void Emit(RoomEvent e) => Events.Add(e);

    public void Effect(RoomEffect e) => Effects.Add(e);

    /// <summary>The room's document changed: the change carries it (and the draft's new snapshots).</summary>
    public void SaveRoom() => _roomDirty = true;

    public void AppendTurn(TurnRecord turn)
    {
        _append.Add(turn);
        _clearSnapshots = true;   // the baton moved on: the turn took the draft's snapshots
        _roomDirty = true;
    }

    public void ReplaceTurn(TurnRecord turn)
    {
        _replace.Add(turn);
        _roomDirty = true;
    }

    public void RemoveTurn(int index)
    {
        _remove.Add(index);
        _roomDirty = true;
    }

    /// <summary>The draft's snapshots start afresh (a withdrawn turn's text came back as the draft).</summary>
    public void ClearDraftSnapshots()
    {
        _clearSnapshots = true;
        _roomDirty = true;
    }

    public long SizeOf(TurnRecord turn) => Machine.SizeOf(turn);

    public int NextSeed() => Machine.Seeds.NextSeed();

    public RoomOutcome Outcome(RoomReply? reply)
    {
        RoomChange? change = null;
        if (_roomDirty || _append.Count > 0 || _replace.Count > 0 || _remove.Count > 0)
        {
            var snapshots = Doc.DraftSnapshots;
            var from = _clearSnapshots ? 0 : Math.Min(State.SavedDraftSnapshots, snapshots.Count);
            // The last saved snapshot may have taken more keystrokes since: it goes again (a later one with the same offset wins).
            from = from > 0 && from == snapshots.Count ? from - 1 : from;
            change = new RoomChange(State.Id, 0)
            {
                Room = Doc,
                AppendTurns = [.. _append],
                ReplaceTurns = [.. _replace],
                RemoveTurns = [.. _remove],
                ClearDraftSnapshots = _clearSnapshots,
                AppendDraftSnapshots = [.. snapshots.Skip(from)],
            };
            State.SavedDraftSnapshots = snapshots.Count;
            State.DraftUnsaved = false;
            State.LastDraftSavedAt = Now;
        }
        return new RoomOutcome(reply, [.. Events], change, [.. Effects]);
    }
}
