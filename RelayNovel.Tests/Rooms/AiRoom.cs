using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Tests.Rooms;

/// <summary>
/// A room whose seats are people then one AI seat, with the owner optionally seated first (joined with the owner
/// key, so their vote can break a tie). Keys in seat order.
/// </summary>
public sealed record AiRoom(string Id, string OwnerKey, IReadOnlyList<string> Keys)
{
    public int AiSeat => Keys.Count;

    public static async Task<AiRoom> CreateAsync(RoomClient rooms, bool ownerSeated, AiSettings ai, params string[] names)
    {
        var plan = names.Select(_ => SeatKind.Human).Append(SeatKind.Ai).ToArray();
        var created = await rooms.CreateAsync(new RoomSettings("투표 방", "비 오는 밤, 낡은 서점에서.", SeatPlan: plan, TurnTimerSeconds: 0, Ai: ai));
        var keys = new List<string>();
        for (var i = 0; i < names.Length; i++)
        {
            var ownerKey = ownerSeated && i == 0 ? created.OwnerKey : null;
            keys.Add((await rooms.JoinAsync(created.RoomId, names[i], i, spectate: false, ownerKey)).ParticipantKey);
        }
        return new AiRoom(created.RoomId, created.OwnerKey, keys);
    }

    /// <summary>
    /// People write up to the AI while its own request waits in the queue (another room holds the slot), then
    /// <paramref name="count"/> alternatives are asked for; returns the vote once every candidate is shown.
    /// </summary>
    public async Task<AiVoteView> StartVoteAsync(RelayNovelAppFactory app, RoomEventLog log, int count)
    {
        using (var blocker = await QueueBlocker.HoldAsync(app))
        {
            await WriteUpToTheAiAsync(app.Rooms);
            // The prompt is fitted off the room first, then the request joins the queue behind the blocker.
            await Deadline.UntilAsync(async () => (await app.Rooms.GetAsync(Id))!.AiStream?.State == AiStreamState.Queued, "the AI to wait in the queue");
            await app.Rooms.RequestAlternativesAsync(Id, Keys[^1], count);
        }
        return (await log.WaitForAsync<VoteChanged>(v => v.Vote.AllShown, TimeSpan.FromSeconds(60))).Vote;
    }

    /// <summary>Every person writes one turn in order, so the baton reaches the AI seat.</summary>
    public async Task WriteUpToTheAiAsync(RoomClient rooms)
    {
        for (var i = 0; i < Keys.Count; i++)
        {
            await rooms.SubmitTurnAsync(Id, Keys[i], $"{i + 1}번째 사람이 쓴 문장.", null);
        }
    }
}
