using RelayNovel.Web.Rooms.Machine;

namespace RelayNovel.Web.Rooms;

/// <summary>The rooms' entry points, each one command for the rules (see the command types for what each does).</summary>
public sealed partial class RoomService
{
    public Task<JoinResult> JoinAsync(string roomId, string displayName, int? seatIndex, bool spectate, CancellationToken ct = default) =>
        JoinAsync(roomId, displayName, seatIndex, spectate, ownerKey: null, ct);

    /// <summary>Joins; with the room's owner key the participant also holds the owner's rights.</summary>
    public Task<JoinResult> JoinAsync(string roomId, string displayName, int? seatIndex, bool spectate, string? ownerKey,
        CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var reply = Run(roomId, new JoinRoom(displayName, seatIndex, spectate, ownerKey, RoomKeys.NewKey())).Reply;
        return Task.FromResult(((JoinedReply)reply!).Result);
    }

    public Task KickAsync(string roomId, string ownerKey, int seatIndex) => Done(Run(roomId, new KickSeat(ownerKey, seatIndex)));

    public Task LeaveSeatAsync(string roomId, string participantKey) => Done(Run(roomId, new LeaveSeat(participantKey)));

    public Task<int> TakeSeatAsync(string roomId, string participantKey, int? seatIndex) =>
        Task.FromResult(((SeatReply)Run(roomId, new TakeSeat(participantKey, seatIndex)).Reply!).SeatIndex);

    public Task UpdateSettingsAsync(string roomId, string ownerKey, RoomSettings settings)
    {
        RoomSettingsRules.Normalise(settings, Context().UsableContext);   // bad settings are refused before the room is looked up
        return Done(Run(roomId, new UpdateSettings(ownerKey, settings)));
    }

    public Task UpdateGlossaryAsync(string roomId, string ownerKey, IReadOnlyList<GlossaryEntry> entries)
    {
        GlossaryRules.Normalise(entries);   // a refused list is refused before the room is looked up
        return Done(Run(roomId, new UpdateGlossary(ownerKey, entries)));
    }

    /// <summary>
    /// The baton holder's live draft. Drafts are advisory: anything not from the holder (an unknown key or room, a stale
    /// page) is ignored; a draft over the limit is refused with <see cref="RoomErrorCode.TooLong"/>.
    /// </summary>
    public void UpdateDraft(string roomId, string participantKey, string text)
    {
        if (Find(roomId) is null || string.IsNullOrEmpty(participantKey))
        {
            return;
        }
        Run(roomId, new UpdateDraft(participantKey, text));
    }

    /// <summary>The longest draft the room takes (pages stop typing there).</summary>
    public int DraftLimit(string roomId) => Read(roomId, RoomMachine.DraftCap);

    public Task<TurnView> SubmitTurnAsync(string roomId, string participantKey, string text, string? submissionId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var reply = Run(roomId, new SubmitTurn(participantKey, text, submissionId), storeQuota: true).Reply;
        return Task.FromResult(((TurnReply)reply!).Turn);
    }

    public Task SkipTurnAsync(string roomId, string ownerKey) => Done(Run(roomId, new SkipTurn(ownerKey)));

    public Task<TurnView> UndoTurnAsync(string roomId, string participantKey) =>
        Task.FromResult(((TurnReply)Run(roomId, new UndoTurn(participantKey)).Reply!).Turn);

    public Task StopAiAsync(string roomId, string participantKey) => Done(Run(roomId, new StopAi(participantKey)));

    public Task RetryAiAsync(string roomId, string participantKey) => Done(Run(roomId, new RetryAi(participantKey)));

    public Task RequestAlternativesAsync(string roomId, string participantKey, int count)
    {
        if (count is < MinAlternatives or > MaxAlternatives)
        {
            throw new RoomException(RoomErrorCode.InvalidSettings, $"Ask for {MinAlternatives} to {MaxAlternatives} alternatives.");
        }
        return Done(Run(roomId, new RequestAlternatives(participantKey, count)));
    }

    public Task CastVoteAsync(string roomId, string participantKey, int candidate) => Done(Run(roomId, new CastVote(participantKey, candidate)));

    public Task CloseVoteAsync(string roomId, string ownerKey) => Done(Run(roomId, new CloseVote(ownerKey)));

    public Task PickAlternativeAsync(string roomId, string ownerKey, int candidate) => Done(Run(roomId, new PickAlternative(ownerKey, candidate)));

    /// <summary>One per open page: counts presence, wakes a sleeping room, and lets the AI write only while someone watches.</summary>
    public IDisposable Connect(string roomId, string? participantKey)
    {
        while (true)
        {
            var room = Require(roomId);
            if (Execute(room, new OpenPage(participantKey)) is { Reply: PageReply page })
            {
                return new RoomConnection(this, room, page.Bucket);
            }
        }
    }

    /// <summary>A paused page's browser came back (see <see cref="RoomConnection.Resume"/>); false when the room has gone from memory.</summary>
    internal bool Reconnect(Room room, string? bucket) => Execute(room, new ReopenPage(bucket)) is not null;

    internal void Disconnect(Room room, string? bucket) => Execute(room, new ClosePage(bucket));

    /// <summary>An API client used the room: it counts as attended for a while (timers run, the AI writes).</summary>
    public void Touch(string roomId)
    {
        if (Find(roomId) is not null)
        {
            Run(roomId, new TouchRoom());
        }
    }

    private static Task Done(RoomOutcome _) => Task.CompletedTask;
}
