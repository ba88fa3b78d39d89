using Bunit;
using RelayNovel.Tests.Components;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Components.Pages.Replay;
using RelayNovel.Web.Replay;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Rooms;

/// <summary>
/// The AI's text on screen when someone asks for alternatives is set aside by the vote, not by a retry, and the replay
/// says so; the candidates that lost say they lost the vote.
/// </summary>
public sealed class VoteRequestedBranchTests : AiRoomTestBase
{
    [Fact]
    public async Task VoteAskedMidStream_TheShownTextAndTheLosers_AreLabelledByTheVoteInTheReplay()
    {
        var slow = new AiSettings(MaxTokens: 128, EndAtSentence: false, Pace: AiPace.Natural);
        var room = await AiRoom.CreateAsync(Rooms, ownerSeated: false, slow, "민지", "서준");
        await using var page = await Rooms.ConnectAsync(room.Id, room.Keys[0]);
        using var log = await RoomEventLog.StartAsync(App.Broadcaster, room.Id);
        await room.WriteUpToTheAiAsync(Rooms);
        var shown = await log.WaitForAsync<AiProgress>(p => p.Stream.VisibleText.Length > 0, Patience);

        await Rooms.RequestAlternativesAsync(room.Id, room.Keys[1], 2);
        await log.WaitForAsync<VoteChanged>(v => v.Vote.Candidates.All(c => c.VisibleText.Length > 0), Patience);
        await Rooms.PickAlternativeAsync(room.Id, room.OwnerKey, 0);

        var stored = (await StoredAsync(room.Id, (await Rooms.GetAsync(room.Id))!.Turns[^1].Index));
        Assert.Equal([(AlternativeOrigin.VoteRequested, shown.Stream.Seed), (AlternativeOrigin.Vote, stored.Alternatives[1].Seed)],
            stored.Alternatives.Select(a => (a.Origin, a.Seed)));
        await using var ctx = UiTestContext.Create();
        var info = ctx.Render<ReplayTurnInfo>(p => p.Add(x => x.Turn, new ReplayTimeline([stored]).Turns[0]));
        var labels = info.FindAll("[data-testid=replay-alternative] .mud-typography-caption").Select(c => c.TextContent.Trim()).ToList();
        Assert.StartsWith("투표를 시작하며 밀려난 글", labels[0], StringComparison.Ordinal);
        Assert.StartsWith("투표에서 진 후보", labels[1], StringComparison.Ordinal);
        Assert.DoesNotContain(labels, l => l.Contains("다시 쓰기", StringComparison.Ordinal));
    }
}
