using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Rooms;

/// <summary>Retrying the AI before and after its turn was committed; the replaced text stays as an alternative.</summary>
public sealed class RetryAfterCommitTests : AiRoomTestBase
{
    [Fact]
    public async Task RetryAfterCommit_ByTheWriterBefore_RewritesTheTurnAndKeepsTheOldTextAsAnAlternative()
    {
        var (room, log, first) = await CommitOneAiTurnAsync();
        var offered = (await Rooms.GetAsync(room.Id))!.RetryableTurnIndex;
        var firstStored = (await StoredAsync(room.Id, first.Index));

        var wrongSeat = await Assert.ThrowsAsync<RoomException>(() => Rooms.RetryAiAsync(room.Id, room.Keys[0]));
        await Rooms.RetryAiAsync(room.Id, room.Keys[1]);

        var reopened = await log.WaitForAsync<TurnReopened>(timeout: Patience);
        var again = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == room.AiSeat, Patience);
        Assert.Equal(first.Index, offered);
        Assert.Equal(RoomErrorCode.Forbidden, wrongSeat.Code);
        Assert.Equal(first.Index, reopened.Index);
        Assert.Equal(first.Index, again.Turn.Index);
        var stored = (await StoredAsync(room.Id, first.Index));
        Assert.NotEqual(firstStored.Seed, stored.Seed);
        var kept = Assert.Single(stored.Alternatives);
        Assert.Equal((AlternativeOrigin.Retry, first.Text, firstStored.Seed), (kept.Origin, kept.Text, kept.Seed));
        Assert.Equal(firstStored.TokenChunks.Select(c => c.Text), kept.TokenChunks.Select(c => c.Text));
        var snapshot = (await Rooms.GetAsync(room.Id))!;
        Assert.Equal(3, snapshot.Turns.Count);
        Assert.Equal(1, snapshot.Turns[^1].AlternativeCount);
        Assert.Equal(0, snapshot.BatonSeatIndex);
    }

    [Fact]
    public async Task RetryAfterCommit_ByTheOwner_IsAllowed()
    {
        var (room, log, first) = await CommitOneAiTurnAsync();

        await Rooms.RetryAiAsync(room.Id, room.OwnerKey);

        var again = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == room.AiSeat, Patience);
        Assert.Equal(first.Index, again.Turn.Index);
    }

    [Fact]
    public async Task RetryAfterCommit_NextWriterHasTyped_RefusedAsTooLate()
    {
        var (room, _, first) = await CommitOneAiTurnAsync();
        await Rooms.UpdateDraftAsync(room.Id, room.Keys[0], "벌써 쓰는 중");

        var typed = await Assert.ThrowsAsync<RoomException>(() => Rooms.RetryAiAsync(room.Id, room.Keys[1]));
        var offered = (await Rooms.GetAsync(room.Id))!.RetryableTurnIndex;
        await Rooms.SubmitTurnAsync(room.Id, room.Keys[0], "다음 문장.", null);
        var written = await Assert.ThrowsAsync<RoomException>(() => Rooms.RetryAiAsync(room.Id, room.Keys[1]));

        Assert.Equal(RoomErrorCode.TooLate, typed.Code);
        Assert.Null(offered);
        Assert.Equal(RoomErrorCode.AiBusy, written.Code);
        Assert.Equal(first, (await Rooms.GetAsync(room.Id))!.Turns[first.Index]);
        Assert.Empty((await StoredAsync(room.Id, first.Index)).Alternatives);
    }

    [Fact]
    public async Task RetryBeforeCommit_WhileStreaming_KeepsTheShownTextAsAnAlternative()
    {
        var slow = new AiSettings(MaxTokens: 128, EndAtSentence: false, Pace: AiPace.Natural);
        var room = await AiRoom.CreateAsync(Rooms, ownerSeated: false, slow, "민지", "서준");
        await using var page = await Rooms.ConnectAsync(room.Id, room.Keys[0]);
        using var log = await RoomEventLog.StartAsync(App.Broadcaster, room.Id);
        await room.WriteUpToTheAiAsync(Rooms);
        var shown = await log.WaitForAsync<AiProgress>(p => p.Stream.VisibleText.Length > 0, Patience);

        await Rooms.RetryAiAsync(room.Id, room.Keys[1]);
        var replaced = log.Seen.OfType<AiProgress>().Last(p => p.Stream.Seed == shown.Stream.Seed).Stream.VisibleText;
        await log.WaitForAsync<AiProgress>(p => p.Stream.Seed != shown.Stream.Seed && p.Stream.VisibleText.Length > 0, Patience);
        await Rooms.StopAiAsync(room.Id, room.Keys[0]);

        var turn = (await Rooms.GetAsync(room.Id))!.Turns[^1];
        var kept = Assert.Single((await StoredAsync(room.Id, turn.Index)).Alternatives);
        Assert.Equal((AlternativeOrigin.Retry, shown.Stream.Seed), (kept.Origin, kept.Seed));
        Assert.StartsWith(replaced.Trim(), kept.Text);
        Assert.NotEmpty(kept.TokenChunks);
    }

    /// <summary>민지 and 서준 write, then the AI's quick turn commits; the baton is back with 민지.</summary>
    private async Task<(AiRoom Room, RoomEventLog Log, TurnView AiTurn)> CommitOneAiTurnAsync()
    {
        var room = await AiRoom.CreateAsync(Rooms, ownerSeated: false, QuickAi, "민지", "서준");
        Keep(await Rooms.ConnectAsync(room.Id, room.Keys[0]));
        var log = Keep(await RoomEventLog.StartAsync(App.Broadcaster, room.Id));
        await room.WriteUpToTheAiAsync(Rooms);
        var committed = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == room.AiSeat, Patience);
        Assert.Equal(TurnKind.Ai, committed.Turn.Kind);
        return (room, log, committed.Turn);
    }
}
