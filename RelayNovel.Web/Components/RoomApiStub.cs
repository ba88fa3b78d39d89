// TEMPORARY compile-only copy of ROOM-API.md until webcore's RoomService is merged. Delete before final commit.
#pragma warning disable CA1822, IDE0060
namespace RelayNovel.Web.Rooms;

public enum SeatKind { Human, Ai }
public enum TurnKind { Human, Ai, Skipped }
public enum PresenceState { Empty, Seated, Disconnected }
public enum AiPace { Natural, AsGenerated }
public enum AiStreamState { Queued, Streaming, Finished }

public sealed record AiSettings(float Temperature = 0.8f, int TopK = 50, float TopP = 0.95f,
    float RepetitionPenalty = 1.1f, int MaxTokens = 120, bool EndAtSentence = true, AiPace Pace = AiPace.Natural);
public sealed record RoomSettings(string Title, string Premise = "", string AuthorNote = "",
    IReadOnlyList<SeatKind>? SeatPlan = null,
    int MinTurnChars = 1, int MaxTurnChars = 2000, int TurnTimerSeconds = 300,
    AiSettings? Ai = null);
public sealed record RoomCreated(string RoomId, string OwnerKey);
public sealed record JoinResult(string ParticipantKey, int? SeatIndex);
public sealed record SeatView(int Index, SeatKind Kind, string? Name, PresenceState Presence, bool IsTyping);
public sealed record TurnView(int Index, int SeatIndex, string AuthorName, TurnKind Kind, string Text,
    DateTimeOffset StartedAt, DateTimeOffset EndedAt);
public sealed record AiStreamView(int SeatIndex, AiStreamState State, int? QueuePosition, string VisibleText,
    int ContextUsedTokens, int ContextWindowTokens);
public sealed record RoomSnapshot(string RoomId, RoomSettings Settings, IReadOnlyList<SeatView> Seats,
    IReadOnlyList<TurnView> Turns, int BatonSeatIndex, string CurrentDraft, DateTimeOffset? TurnDeadline,
    AiStreamView? AiStream, string ModelName, string? AiUnavailableReason, int SpectatorCount);
public sealed record Participant(string RoomId, int? SeatIndex, string Name, bool IsOwner);

public sealed class RoomService
{
    public Task<RoomCreated> CreateAsync(RoomSettings settings, CancellationToken ct = default) => throw new NotSupportedException();
    public RoomSnapshot? Get(string roomId) => throw new NotSupportedException();
    public Task<JoinResult> JoinAsync(string roomId, string displayName, int? seatIndex, bool spectate, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<JoinResult> JoinAsync(string roomId, string displayName, int? seatIndex, bool spectate, string? ownerKey, CancellationToken ct = default) => throw new NotSupportedException();
    public Participant? Identify(string roomId, string participantKey) => throw new NotSupportedException();
    public bool IsOwner(string roomId, string ownerKey) => throw new NotSupportedException();
    public void UpdateDraft(string roomId, string participantKey, string text) => throw new NotSupportedException();
    public Task<TurnView> SubmitTurnAsync(string roomId, string participantKey, string text, string? submissionId, CancellationToken ct = default) => throw new NotSupportedException();
    public Task StopAiAsync(string roomId, string participantKey) => throw new NotSupportedException();
    public Task RetryAiAsync(string roomId, string participantKey) => throw new NotSupportedException();
    public Task SkipTurnAsync(string roomId, string ownerKey) => throw new NotSupportedException();
    public Task KickAsync(string roomId, string ownerKey, int seatIndex) => throw new NotSupportedException();
    public Task UpdateSettingsAsync(string roomId, string ownerKey, RoomSettings settings) => throw new NotSupportedException();
    public IDisposable Connect(string roomId, string? participantKey) => throw new NotSupportedException();
}
public enum RoomErrorCode { NotFound, NotYourTurn, InvalidText, TooLong, RoomFull, SeatTaken, Forbidden, InvalidSettings, AiBusy }
public sealed class RoomException(RoomErrorCode code, string message) : Exception(message) { public RoomErrorCode Code { get; } = code; }
public abstract record RoomEvent(string RoomId);
public sealed class RoomBroadcaster
{
    public IDisposable Subscribe(string roomId, Func<RoomEvent, ValueTask> handler) => throw new NotSupportedException();
    public void Publish(RoomEvent e) => throw new NotSupportedException();
}
