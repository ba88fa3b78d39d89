using System.Text.Json;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// Maps <see cref="RoomEvent"/>s to <see cref="RoomEventMessage"/>s for one stream. It remembers the AI text it
/// last sent, so each "token" event carries the new text as <c>delta</c> beside the whole text so far.
/// Not thread-safe: its feed serialises calls.
/// </summary>
public sealed class RoomEventJson(JsonSerializerOptions options)
{
    private string _shownAiText = "";

    public static RoomEventMessage Snapshot(RoomSnapshot room, long at) =>
        new("snapshot", room.RoomId, at) { Room = RoomResponse.From(room) };

    public RoomEventMessage Map(RoomEvent e, long at)
    {
        var message = Fields(e, at);
        return e.Seq > 0 ? message with { Seq = e.Seq } : message;
    }

    private RoomEventMessage Fields(RoomEvent e, long at) => e switch
    {
        DraftChanged d => new("draft", e.RoomId, at) { SeatIndex = d.SeatIndex, Text = d.Text },
        AiProgress p => Ai(p, at),
        TurnCommitted t => Committed(t, at),
        PresenceChanged p => new("presence", e.RoomId, at) { Seats = p.Seats, SpectatorCount = p.SpectatorCount },
        QueueChanged q => new("queue", e.RoomId, at) { QueuePosition = q.Position },
        BatonMoved b => new("baton", e.RoomId, at) { SeatIndex = b.SeatIndex, Deadline = b.Deadline },
        SettingsChanged s => new("settings", e.RoomId, at) { Settings = s.Settings },
        VoteChanged v => new("vote", e.RoomId, at) { SeatIndex = v.Vote.SeatIndex, Vote = v.Vote },
        TurnWithdrawn w => new("turnWithdrawn", e.RoomId, at) { Turn = w.Turn, SeatIndex = w.Turn.SeatIndex },
        TurnReopened r => Reopened(r, at),
        GlossaryChanged g => new("glossary", e.RoomId, at) { Glossary = g.Glossary },
        ChaptersChanged c => new("chapters", e.RoomId, at) { Chapters = c.Chapters },
        // Events added after this mapper still reach programs, under their own name and fields.
        _ => new(UnknownType(e), e.RoomId, at) { Data = JsonSerializer.SerializeToElement(e, e.GetType(), options) },
    };

    private RoomEventMessage Ai(AiProgress p, long at)
    {
        var text = p.Stream.VisibleText;
        var delta = text.StartsWith(_shownAiText, StringComparison.Ordinal) ? text[_shownAiText.Length..] : text;
        _shownAiText = text;
        var type = p.Stream.State == AiStreamState.Streaming && delta.Length > 0 ? "token" : "ai";
        return new(type, p.RoomId, at)
        {
            SeatIndex = p.Stream.SeatIndex,
            State = p.Stream.State,
            Text = text,
            Delta = type == "token" ? delta : null,
            QueuePosition = p.Stream.QueuePosition,
            Model = p.Stream.ModelName,
            Seed = p.Stream.Seed,
        };
    }

    private RoomEventMessage Committed(TurnCommitted t, long at)
    {
        _shownAiText = "";
        return new("turnCommitted", t.RoomId, at) { Turn = t.Turn, SeatIndex = t.Turn.SeatIndex };
    }

    private RoomEventMessage Reopened(TurnReopened r, long at)
    {
        _shownAiText = "";   // the AI writes the turn again from the start
        return new("turnReopened", r.RoomId, at) { TurnIndex = r.Index };
    }

    private static string UnknownType(RoomEvent e)
    {
        var name = e.GetType().Name;
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
