using RelayNovel.Tests.Checkpoints;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories.LiteDb;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Rooms;

/// <summary>Alternatives and withdrawn turns are history: they survive a restart of the app on the same file.</summary>
public sealed class HistoryDurabilityTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Restart_AfterAVoteAndAnUndo_AlternativesAndWithdrawnTurnAreStillThere()
    {
        using var data = new TempDirectory();
        RoomSnapshot before;
        TurnRecord voted;
        AiRoom room;
        await using (var first = RelayNovelAppFactory.On(data, TestModels.TinyModelPath))
        {
            room = await AiRoom.CreateAsync(first.Rooms, ownerSeated: false,
                new AiSettings(MaxTokens: 6, EndAtSentence: false, Pace: AiPace.AsGenerated), "민지");
            await using var page = await first.Rooms.ConnectAsync(room.Id, room.Keys[0]);
            using var log = await RoomEventLog.StartAsync(first.Broadcaster, room.Id);
            await room.StartVoteAsync(first, log, 3);
            await first.Rooms.CastVoteAsync(room.Id, room.Keys[0], 2);
            await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == room.AiSeat, Patience);
            await first.Rooms.SubmitTurnAsync(room.Id, room.Keys[0], "되돌릴 문장.", null);
            await first.Rooms.UndoTurnAsync(room.Id, room.Keys[0]);
            before = (await first.Rooms.GetAsync(room.Id))!;
            voted = (await first.Store.StoredTurnAsync(room.Id, 1));
        }

        await using var second = RelayNovelAppFactory.On(data, TestModels.TinyModelPath);
        var after = (await second.Rooms.GetAsync(room.Id))!;
        var stored = (await second.Store.StoredTurnAsync(room.Id, 1));

        Assert.Equal(before.Turns, after.Turns);
        Assert.Equal((2, true), (after.Turns[1].AlternativeCount, after.Turns[2].Withdrawn));
        Assert.Equal(voted.Alternatives.Select(a => (a.Origin, a.Text, a.Seed, a.TokenChunks.Count)),
            stored.Alternatives.Select(a => (a.Origin, a.Text, a.Seed, a.TokenChunks.Count)));
        Assert.Equal(["민지"], stored.Votes.Select(v => v.Name));
        Assert.Equal(("되돌릴 문장.", 0), (after.CurrentDraft, after.BatonSeatIndex));
        // The author takes the baton up again: the next turn follows the withdrawn one.
        var next = await second.Rooms.SubmitTurnAsync(room.Id, room.Keys[0], "다시 쓴 문장.", null);
        Assert.Equal(3, next.Index);
    }
}
