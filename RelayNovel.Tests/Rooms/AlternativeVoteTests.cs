using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Rooms;

/// <summary>
/// K AI alternatives and the room vote, on the tiny random-weight model. The AI's own attempt is held in the queue
/// (another room holds the slot) so the room can ask for alternatives before it writes anything.
/// </summary>
public sealed class AlternativeVoteTests : AiRoomTestBase
{
    [Fact]
    public async Task Vote_Majority_CommitsTheWinnerAndKeepsTheOthersAsAlternativesWithTheirVotes()
    {
        var (room, log, shown) = await StartVoteAsync(ownerSeated: false, count: 3, "민지", "서준", "하늘");

        await Rooms.CastVoteAsync(room.Id, room.Keys[0], 1);
        await Rooms.CastVoteAsync(room.Id, room.Keys[2], 0);
        await Rooms.CastVoteAsync(room.Id, room.Keys[1], 1);

        var committed = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == room.AiSeat, Patience);
        Assert.Equal(shown.Candidates[1].VisibleText.Trim(), committed.Turn.Text);
        Assert.Equal(2, committed.Turn.AlternativeCount);
        var stored = (await StoredAsync(room.Id, committed.Turn.Index));
        Assert.Equal(shown.Candidates[1].Seed, stored.Seed);
        Assert.Equal([0, 1], stored.Votes.Select(v => v.SeatIndex));
        Assert.Equal(["민지", "서준"], stored.Votes.Select(v => v.Name));
        Assert.Equal([shown.Candidates[0].Seed, shown.Candidates[2].Seed], stored.Alternatives.Select(a => a.Seed));
        Assert.All(stored.Alternatives, a => Assert.Equal(AlternativeOrigin.Vote, a.Origin));
        Assert.Equal(shown.Candidates[0].VisibleText.Trim(), stored.Alternatives[0].Text);
        Assert.Equal(["하늘"], stored.Alternatives[0].Votes.Select(v => v.Name));
        Assert.Empty(stored.Alternatives[1].Votes);
        Assert.All(stored.Alternatives, a => Assert.Equal(a.Text, string.Concat(a.TokenChunks.Select(c => c.Text)).Trim()));
        Assert.Equal(3, new[] { stored.Seed, stored.Alternatives[0].Seed, stored.Alternatives[1].Seed }.Distinct().Count());
        Assert.Null((await Rooms.GetAsync(room.Id))!.Vote);
        Assert.Equal(0, (await Rooms.GetAsync(room.Id))!.BatonSeatIndex);
    }

    [Fact]
    public async Task Vote_AllCandidates_StreamTogetherInOneQueueSlot()
    {
        var engine = App.Services.GetRequiredService<BatchScheduler>();
        using var prefills = new EnginePrefills(engine);
        var room = await AiRoom.CreateAsync(Rooms, ownerSeated: false, QuickAi, "민지", "서준");
        Keep(await Rooms.ConnectAsync(room.Id, room.Keys[0]));
        var log = Keep(await RoomEventLog.StartAsync(App.Broadcaster, room.Id));
        int waiting;
        using (await QueueBlocker.HoldAsync(App))
        {
            await room.WriteUpToTheAiAsync(Rooms);
            await AiWaits.QueuedAsync(Rooms, engine, room.Id);
            await Rooms.RequestAlternativesAsync(room.Id, room.Keys[^1], 4);
            await Deadline.UntilAsync(async () => (await Rooms.GetAsync(room.Id))!.Vote is { Candidates.Count: 4 } && engine.Waiting > 0,
                "the vote's request to reach the queue");
            waiting = engine.Waiting;   // what the engine holds for the room: its own attempt gave way to the vote
        }

        var shown = (await log.WaitForAsync<VoteChanged>(v => v.Vote.AllShown, Patience)).Vote;
        Assert.Equal(1, waiting);          // one request carrying the 4 alternatives, not 4 requests
        Assert.Equal(1, prefills.Count);   // its prompt prefilled once, then forked into 4 rows
        Assert.Equal(4, shown.Candidates.Count);
        Assert.All(shown.Candidates, c => Assert.NotEqual("", c.VisibleText));
        Assert.Equal(4, shown.Candidates.Select(c => c.Seed).Distinct().Count());
        Assert.Null((await Rooms.GetAsync(room.Id))!.AiStream);
        await Rooms.PickAlternativeAsync(room.Id, room.OwnerKey, 3);
    }

    [Fact]
    public async Task Vote_TieWithTheOwnersVote_TheOwnersChoiceWins()
    {
        var (room, log, shown) = await StartVoteAsync(ownerSeated: true, count: 2, "민지", "서준");

        await Rooms.CastVoteAsync(room.Id, room.Keys[1], 0);
        await Rooms.CastVoteAsync(room.Id, room.Keys[0], 1);

        var committed = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == room.AiSeat, Patience);
        Assert.Equal(shown.Candidates[1].Seed, (await StoredAsync(room.Id, committed.Turn.Index)).Seed);
    }

    [Fact]
    public async Task Vote_TieWithoutTheOwner_WaitsForTheOwnersPickAndCloseIsRefused()
    {
        var (room, log, shown) = await StartVoteAsync(ownerSeated: false, count: 2, "민지", "서준");
        await Rooms.CastVoteAsync(room.Id, room.Keys[0], 0);
        await Rooms.CastVoteAsync(room.Id, room.Keys[1], 1);

        var waiting = (await Rooms.GetAsync(room.Id))!.Vote;
        var close = await Assert.ThrowsAsync<RoomException>(() => Rooms.CloseVoteAsync(room.Id, room.OwnerKey));
        var notOwner = await Assert.ThrowsAsync<RoomException>(() => Rooms.PickAlternativeAsync(room.Id, room.Keys[0], 0));
        await Rooms.PickAlternativeAsync(room.Id, room.OwnerKey, 1);

        Assert.True(waiting?.AwaitingOwner);
        Assert.Equal([1, 1], waiting!.Counts);
        Assert.Equal(RoomErrorCode.VoteTied, close.Code);
        Assert.Equal(RoomErrorCode.Forbidden, notOwner.Code);
        var committed = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == room.AiSeat, Patience);
        Assert.Equal(shown.Candidates[1].VisibleText.Trim(), committed.Turn.Text);
    }

    [Fact]
    public async Task Vote_OwnerClosesBeforeEveryoneVoted_TheMostVotedWins()
    {
        var (room, log, shown) = await StartVoteAsync(ownerSeated: false, count: 3, "민지", "서준", "하늘");
        await Rooms.CastVoteAsync(room.Id, room.Keys[2], 2);

        Assert.NotNull((await Rooms.GetAsync(room.Id))!.Vote);   // two people still to vote: nothing decided yet
        await Rooms.CloseVoteAsync(room.Id, room.OwnerKey);

        var committed = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == room.AiSeat, Patience);
        Assert.Equal(shown.Candidates[2].VisibleText.Trim(), committed.Turn.Text);
    }

    [Fact]
    public async Task Vote_StoppedWhileWriting_EachAlternativeEndsWhereItWasShownAndTheVoteGoesOn()
    {
        var slow = new AiSettings(MaxTokens: 128, EndAtSentence: false, Pace: AiPace.Natural);
        var room = await AiRoom.CreateAsync(Rooms, ownerSeated: false, slow, "민지", "서준");
        Keep(await Rooms.ConnectAsync(room.Id, room.Keys[0]));
        var log = Keep(await RoomEventLog.StartAsync(App.Broadcaster, room.Id));
        using (var blocker = await QueueBlocker.HoldAsync(App))
        {
            await room.WriteUpToTheAiAsync(Rooms);
            await Rooms.RequestAlternativesAsync(room.Id, room.Keys[0], 2);
        }
        await log.WaitForAsync<VoteChanged>(v => v.Vote.Candidates.All(c => c.VisibleText.Length > 0), Patience);

        await Rooms.StopAiAsync(room.Id, room.Keys[1]);
        var stopped = (await Rooms.GetAsync(room.Id))!.Vote!;
        await Deadline.UntilAsync(async () => (await Rooms.GetAsync(room.Id))!.Vote!.AllShown, "the stopped alternatives to count as shown");
        var after = (await Rooms.GetAsync(room.Id))!.Vote!;
        await Rooms.PickAlternativeAsync(room.Id, room.OwnerKey, 0);

        Assert.Equal(stopped.Candidates.Select(c => c.VisibleText), after.Candidates.Select(c => c.VisibleText));
        Assert.All(after.Candidates, c => Assert.Equal(AiStreamState.Finished, c.State));
        var turn = (await Rooms.GetAsync(room.Id))!.Turns[^1];
        Assert.Equal(stopped.Candidates[0].VisibleText.Trim(), turn.Text);
        Assert.Equal("Stopped", (await StoredAsync(room.Id, turn.Index)).FinishReason);
    }

    [Fact]
    public async Task Vote_SpectatorOrSecondVoteOrUnknownCandidate_RefusedAndNothingCounted()
    {
        var (room, _, _) = await StartVoteAsync(ownerSeated: false, count: 2, "민지", "서준");
        var watcher = await Rooms.JoinAsync(room.Id, "구경꾼", null, spectate: true);
        await Rooms.CastVoteAsync(room.Id, room.Keys[0], 0);

        var spectator = await Assert.ThrowsAsync<RoomException>(() => Rooms.CastVoteAsync(room.Id, watcher.ParticipantKey, 1));
        var owner = await Assert.ThrowsAsync<RoomException>(() => Rooms.CastVoteAsync(room.Id, room.OwnerKey, 1));
        var twice = await Assert.ThrowsAsync<RoomException>(() => Rooms.CastVoteAsync(room.Id, room.Keys[0], 1));
        var unknown = await Assert.ThrowsAsync<RoomException>(() => Rooms.CastVoteAsync(room.Id, room.Keys[1], 2));
        var again = await Assert.ThrowsAsync<RoomException>(() => Rooms.RequestAlternativesAsync(room.Id, room.Keys[1], 2));
        var retry = await Assert.ThrowsAsync<RoomException>(() => Rooms.RetryAiAsync(room.Id, room.OwnerKey));

        Assert.Equal(RoomErrorCode.Forbidden, spectator.Code);
        Assert.Equal(RoomErrorCode.Forbidden, owner.Code);   // the unseated owner picks or closes, but has no vote
        Assert.Equal(RoomErrorCode.AlreadyVoted, twice.Code);
        Assert.Equal(RoomErrorCode.InvalidSettings, unknown.Code);
        Assert.Equal(RoomErrorCode.AiBusy, again.Code);
        Assert.Equal(RoomErrorCode.AiBusy, retry.Code);
        Assert.Equal(new Dictionary<int, int> { [0] = 0 }, (await Rooms.GetAsync(room.Id))!.Vote!.VotesBySeat);
    }

    [Fact]
    public async Task RequestAlternatives_BadCountSpectatorOrNotTheAisTurn_Refused()
    {
        var room = await AiRoom.CreateAsync(Rooms, ownerSeated: false, QuickAi, "민지", "서준");
        var watcher = await Rooms.JoinAsync(room.Id, "구경꾼", null, spectate: true);

        var notAiTurn = await Assert.ThrowsAsync<RoomException>(() => Rooms.RequestAlternativesAsync(room.Id, room.Keys[0], 2));
        var tooMany = await Assert.ThrowsAsync<RoomException>(() => Rooms.RequestAlternativesAsync(room.Id, room.Keys[0], 5));
        var tooFew = await Assert.ThrowsAsync<RoomException>(() => Rooms.RequestAlternativesAsync(room.Id, room.Keys[0], 1));
        var spectator = await Assert.ThrowsAsync<RoomException>(() => Rooms.RequestAlternativesAsync(room.Id, watcher.ParticipantKey, 2));

        Assert.Equal(RoomErrorCode.NotYourTurn, notAiTurn.Code);
        Assert.Equal((RoomErrorCode.InvalidSettings, RoomErrorCode.InvalidSettings), (tooMany.Code, tooFew.Code));
        Assert.Equal(RoomErrorCode.Forbidden, spectator.Code);
        Assert.Null((await Rooms.GetAsync(room.Id))!.Vote);
    }

    private async Task<(AiRoom Room, RoomEventLog Log, AiVoteView Shown)> StartVoteAsync(bool ownerSeated, int count, params string[] names)
    {
        var room = await AiRoom.CreateAsync(Rooms, ownerSeated, QuickAi, names);
        Keep(await Rooms.ConnectAsync(room.Id, room.Keys[0]));
        var log = Keep(await RoomEventLog.StartAsync(App.Broadcaster, room.Id));
        return (room, log, await room.StartVoteAsync(App, log, count));
    }
}
