using System.Text.Json;
using System.Text.Json.Serialization;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// One room event as programs receive it, over SSE (<c>GET /api/rooms/{id}/events</c>) and the SignalR hub alike.
/// <see cref="Type"/> says which fields are present; <see cref="At"/> is the server's clock when the event was
/// published (Unix milliseconds), so a client can measure delivery latency; <see cref="Seq"/> orders a room's events.
/// </summary>
public sealed record RoomEventMessage(string Type, string RoomId, long At)
{
    /// <summary>
    /// The room's event number (SSE sends it as <c>id:</c>): resume after it with <c>Last-Event-ID</c> or the hub's
    /// <c>JoinRoom(roomId, lastSeq)</c>. On a snapshot, the last event it holds. Absent for unnumbered events.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Seq { get; init; }

    /// <summary>draft, token, ai, baton: the seat concerned.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SeatIndex { get; init; }

    /// <summary>draft: the draft so far; token, ai: the AI text shown so far.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }

    /// <summary>token: the text shown since the previous token event.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Delta { get; init; }

    /// <summary>token, ai: queued, streaming or finished.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AiStreamState? State { get; init; }

    /// <summary>queue, ai: the room's place in the generation queue (1 = next); absent when not waiting.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? QueuePosition { get; init; }

    /// <summary>token, ai: the model writing and the seed it samples with.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Model { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Seed { get; init; }

    /// <summary>turnCommitted, turnWithdrawn: the stored turn.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TurnView? Turn { get; init; }

    /// <summary>presence: every seat with who is there and typing, and how many watch.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SeatView>? Seats { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SpectatorCount { get; init; }

    /// <summary>baton: when the holder's time runs out (absent without a turn timer).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>settings: the room's new settings.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RoomSettings? Settings { get; init; }

    /// <summary>vote: the vote between AI alternatives as it stands (candidates' text so far, votes by seat).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AiVoteView? Vote { get; init; }

    /// <summary>glossary: the room's new glossary.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<GlossaryEntry>? Glossary { get; init; }

    /// <summary>chapters: the room's chapter marks now, in turn order.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ChapterMark>? Chapters { get; init; }

    /// <summary>turnReopened: the AI turn taken out of the story to be written again.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? TurnIndex { get; init; }

    /// <summary>snapshot: the whole room, sent first so a client starts from the current state.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RoomResponse? Room { get; init; }

    /// <summary>Any event type this version does not name: the event's own fields.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Data { get; init; }
}
