using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>
/// The room's rules as a state machine: <see cref="Apply"/> takes a room's state and one command, changes the state
/// and gives a <see cref="RoomOutcome"/> (reply, events, the writes as a <see cref="RoomChange"/>, effects). A refused
/// command throws <see cref="RoomException"/> before it changes anything. No store, broadcaster, model, engine,
/// lock or clock inside: time comes from the given <see cref="TimeProvider"/>, seeds from <see cref="IAiSeedSource"/>,
/// the model as plain values in each call's <see cref="RoomContext"/>. One caller at a time per room.
/// </summary>
public sealed class RoomMachine(RoomRules rules, TimeProvider time, IAiSeedSource seeds, Func<TurnRecord, long> sizeOf)
{
    public RoomRules Rules { get; } = rules;
    internal IAiSeedSource Seeds { get; } = seeds;

    /// <summary>What a turn takes as stored (the per-room quota counts it).</summary>
    public long SizeOf(TurnRecord turn) => sizeOf(turn);

    /// <summary>Now, in whole milliseconds (what the store keeps).</summary>
    public DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>A new room from <see cref="CreateRoom"/>, <see cref="ImportRoom"/> or <see cref="ForkRoom"/>: its state, to be stored whole (doc and turns).</summary>
    public RoomState Create(RoomCommand command, RoomContext context) => command switch
    {
        CreateRoom create => CreateRules.Create(this, create, context),
        ImportRoom import => CreateRules.Import(this, import, context),
        ForkRoom fork => ForkRules.Fork(this, fork, context),
        _ => throw new ArgumentException($"{command.GetType().Name} does not create a room.", nameof(command)),
    };

    /// <summary>A stored room loaded again (its runtime state starts empty).</summary>
    public RoomState Load(RoomRecord doc, IReadOnlyList<TurnRecord> turns) => new(doc, turns)
    {
        LastActivity = Now(),
        StorageLimitBytes = Rules.RoomStorageLimitBytes,
        StoredBytes = turns.Sum(sizeOf),
    };

    public RoomOutcome Apply(RoomState state, RoomCommand command, RoomContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        var s = new RoomStep(state, Now(), context, this);
        RoomReply? reply = null;
        switch (command)
        {
            case JoinRoom c: reply = new JoinedReply(SeatRules.Join(s, c)); break;
            case TakeSeat c: reply = new SeatReply(SeatRules.Take(s, c.ParticipantKey, c.SeatIndex)); break;
            case LeaveSeat c: SeatRules.Leave(s, c.ParticipantKey); break;
            case KickSeat c: SeatRules.Kick(s, c.OwnerKey, c.SeatIndex); break;
            case UpdateSettings c: SettingsRules.Update(s, c.OwnerKey, c.Settings); break;
            case UpdateGlossary c: SettingsRules.UpdateGlossary(s, c.OwnerKey, c.Entries); break;
            case MarkChapter c: ChapterRules.Mark(s, c.OwnerKey, c.TurnIndex, c.Title); break;
            case UnmarkChapter c: ChapterRules.Unmark(s, c.OwnerKey, c.TurnIndex); break;
            case OpenPage c: reply = new PageReply(PresenceRules.Open(s, c.ParticipantKey)); break;
            case ReopenPage c: PresenceRules.Attach(s, c.Bucket); reply = new PageReply(c.Bucket); break;
            case ClosePage c: PresenceRules.Close(s, c.Bucket); break;
            case TouchRoom: PresenceRules.Touch(s); break;
            case UpdateDraft c: TurnRules.UpdateDraft(s, c.ParticipantKey, c.Text); break;
            case SubmitTurn c: reply = new TurnReply(TurnRules.Submit(s, c.ParticipantKey, c.Text, c.SubmissionId)); break;
            case SkipTurn c: TurnRules.Skip(s, c.OwnerKey); break;
            case UndoTurn c: reply = new TurnReply(UndoRules.Undo(s, c.ParticipantKey)); break;
            case StopAi c: AiRules.Stop(s, c.ParticipantKey); break;
            case RetryAi c: RetryRules.Retry(s, c.ParticipantKey); break;
            case RequestAlternatives c: VoteRules.Request(s, c.ParticipantKey, c.Count); break;
            case CastVote c: VoteRules.Cast(s, c.ParticipantKey, c.Candidate); break;
            case CloseVote c: VoteRules.Close(s, c.OwnerKey); break;
            case PickAlternative c: VoteRules.Pick(s, c.OwnerKey, c.Candidate); break;
            case Tick: ClockRules.Tick(s); break;
            case FlushDraft: ClockRules.Flush(s); break;
            case AiPromptFitted c: AiRules.PromptFitted(s, c); break;
            case AiGenerationQueued c: AiStreamRules.Queued(s, c.GenerationId, c.Position); break;
            case AiGenerationRefused c: AiStreamRules.Refused(s, c.GenerationId); break;
            case AiQueuePosition c: AiStreamRules.Position(s, c.GenerationId, c.Position); break;
            case AiGenerationStarted c: AiStreamRules.Started(s, c.GenerationId); break;
            case AiTokens c: AiStreamRules.Tokens(s, c.GenerationId, c.Candidate, c.Chunk); break;
            case AiGenerationEnded c: AiStreamRules.Ended(s, c.GenerationId, c.Candidate, c.Reason, c.Failure); break;
            default: throw new ArgumentException($"{command.GetType().Name} is not a command for a loaded room.", nameof(command));
        }
        return s.Outcome(reply);
    }

    /// <summary>
    /// What a page renders for <paramref name="viewerKey"/> (null: a reader), with that viewer's permissions; a page that
    /// also holds the owner key passes it as <paramref name="ownerKey"/>.
    /// </summary>
    public RoomSnapshot Snapshot(RoomState state, RoomContext context, AiQueueLoad? queueLoad, string? viewerKey = null, string? ownerKey = null) =>
        SnapshotRules.Snapshot(state, Rules, Now(), context, queueLoad, viewerKey, ownerKey);

    public static Participant? Identify(RoomState state, string? participantKey) => OwnerRules.Identify(state, participantKey);

    public static bool IsOwner(RoomState state, string? ownerKey) =>
        !string.IsNullOrEmpty(ownerKey) && OwnerRules.IsOwnerKey(state, RoomKeys.Hash(ownerKey));

    /// <summary>The owner's "show prompt": the exact text last sent to the model (null before the first AI turn since loading).</summary>
    public static string? PromptText(RoomState state, string ownerKey)
    {
        OwnerRules.RequireOwner(state, ownerKey);
        return state.LastPromptText;
    }

    /// <summary>Whether the room can leave memory: nothing open, running or unsaved, and quiet for <paramref name="idle"/>.</summary>
    public bool IsIdle(RoomState state, TimeSpan idle) => ClockRules.Idle(state, Now(), idle);

    /// <summary>A draft longer than this is refused (the editor's limit too).</summary>
    public static int DraftCap(RoomState state) => TurnRules.DraftCap(state);

}
