using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms;

/// <summary>
/// Who holds the baton next. Seats are visited in plan order; empty human seats are passed over, and AI seats
/// only write while at least one person is seated (nobody to relay with otherwise). With nobody eligible the
/// baton waits at the first human seat.
/// </summary>
internal static class TurnOrder
{
    public static bool AnyoneSeated(RoomRecord doc) => doc.Seats.Exists(s => s.Kind == SeatKind.Human && s.ParticipantKeyHash is not null);

    public static bool IsActive(RoomRecord doc, int seat) => doc.Seats[seat] switch
    {
        { Kind: SeatKind.Ai } => AnyoneSeated(doc),
        var s => s.ParticipantKeyHash is not null,
    };

    /// <summary>The first eligible seat after <paramref name="from"/>, wrapping around (possibly <paramref name="from"/> itself).</summary>
    public static int Next(RoomRecord doc, int from)
    {
        var n = doc.Seats.Count;
        for (var step = 1; step <= n; step++)
        {
            var seat = (from + step) % n;
            if (IsActive(doc, seat))
            {
                return seat;
            }
        }
        return FirstHumanSeat(doc);
    }

    /// <summary>The first eligible seat at or after <paramref name="from"/>.</summary>
    public static int AtOrAfter(RoomRecord doc, int from) => Next(doc, (from - 1 + doc.Seats.Count) % doc.Seats.Count);

    public static int FirstHumanSeat(RoomRecord doc) => Math.Max(0, doc.Seats.FindIndex(s => s.Kind == SeatKind.Human));
}
