using Bunit;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

public sealed class VotePanelTests
{
    private static AiVoteView Vote(Dictionary<int, int>? votes = null, bool awaitingOwner = false) => new(4,
        [
            new AiStreamView(4, AiStreamState.Streaming, null, "첫째 후보", 30, 256) { Seed = 1 },
            new AiStreamView(4, AiStreamState.Finished, null, "둘째 후보", 30, 256) { Seed = 2 },
            new AiStreamView(4, AiStreamState.Streaming, null, "", 30, 256) { Seed = 3 },
        ],
        votes ?? [])
    {
        AwaitingOwner = awaitingOwner,
    };

    [Fact]
    public async Task VotePanel_ThreeCandidates_SideBySideColumnsWithTheirTextAndCounts()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<VotePanel>(p => p.Add(x => x.Vote, Vote(new() { [0] = 1, [1] = 1, [2] = 0 })));

        var columns = cut.FindAll("[data-testid=alternative]");
        Assert.Equal(["첫째 후보", "둘째 후보", "쓰는 중…"], columns.Select(c => c.QuerySelector("[data-testid=alternative-text]")!.TextContent));
        Assert.Equal(["1표", "2표", "0표"], columns.Select(c => c.QuerySelector("[data-testid=vote-count]")!.TextContent.Trim()));
        // Three columns from the md breakpoint up, one per row (stacked) on a phone.
        Assert.All(cut.FindAll(".mud-grid-item"), item =>
        {
            Assert.Contains("mud-grid-item-md-4", item.ClassName);
            Assert.Contains("mud-grid-item-xs-12", item.ClassName);
        });
    }

    [Fact]
    public async Task VotePanel_SeatedMember_VotesOnceAndSeesTheirChoice()
    {
        await using var ctx = UiTestContext.Create();
        var chosen = new List<int>();
        var cut = ctx.Render<VotePanel>(p => p.Add(x => x.Vote, Vote()).Add(x => x.MySeatIndex, 1).Add(x => x.OnVote, i => chosen.Add(i)));

        cut.FindAll("[data-testid=vote-button]")[2].Click();
        cut.Render(p => p.Add(x => x.Vote, Vote(new() { [1] = 2 })));

        Assert.Equal([2], chosen);
        var buttons = cut.FindAll("[data-testid=vote-button]");
        Assert.All(buttons, b => Assert.True(b.HasAttribute("disabled")));
        Assert.Contains("내가 고른 글", buttons[2].TextContent);
        Assert.Empty(cut.FindAll("[data-testid=pick-alternative]"));
        Assert.Empty(cut.FindAll("[data-testid=close-vote]"));
    }

    [Fact]
    public async Task VotePanel_Spectator_NoVoteButtons()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<VotePanel>(p => p.Add(x => x.Vote, Vote()));

        Assert.Empty(cut.FindAll("[data-testid=vote-button]"));
        Assert.Equal(3, cut.FindAll("[data-testid=alternative]").Count);
    }

    [Fact]
    public async Task VotePanel_OwnerOnATie_SeesTheNoticeAndPicksOrCloses()
    {
        await using var ctx = UiTestContext.Create();
        var picked = new List<int>();
        var closed = 0;
        var cut = ctx.Render<VotePanel>(p => p
            .Add(x => x.Vote, Vote(new() { [0] = 0, [1] = 1 }, awaitingOwner: true))
            .Add(x => x.IsOwner, true)
            .Add(x => x.OnPick, i => picked.Add(i))
            .Add(x => x.OnClose, () => closed++));

        cut.FindAll("[data-testid=pick-alternative]")[1].Click();
        cut.Find("[data-testid=close-vote]").Click();

        Assert.Contains("동점", cut.Find("[data-testid=vote-tied]").TextContent);
        Assert.Equal([1], picked);
        Assert.Equal(1, closed);
    }
}
