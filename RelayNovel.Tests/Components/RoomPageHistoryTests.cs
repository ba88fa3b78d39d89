using Bunit;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Tests.Rooms;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Components.Shared;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

/// <summary>The room page's undo, vote and "show prompt" on the real room service.</summary>
public sealed class RoomPageHistoryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RoomPage_AuthorUndoes_TurnShownWithdrawnAndTheTextGoesBackIntoTheEditor()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");
        await using var ctx = UiTestContext.Create(app);
        ctx.JSInterop.Setup<bool>("relayNovel.editor.restore", _ => true).SetResult(true);
        var cut = await RoomPageHost.RenderAsAsync(ctx, room.Id, room.KeyOf(0));
        await cut.InvokeAsync(() => app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "고칠 문장.", null));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=undo-turn]")), Wait);

        // Room events re-render the page at any time; a click on a button that was just re-rendered is tried again.
        cut.WaitForAssertion(() => cut.Find("[data-testid=undo-turn]").Click(), Wait);

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("true", cut.Find("[data-testid=turn][data-turn-index='0']").GetAttribute("data-withdrawn"));
            Assert.Equal("true", cut.Find("[data-testid=room]").GetAttribute("data-my-turn"));
            Assert.Empty(cut.FindAll("[data-testid=undo-turn]"));
            Assert.NotEmpty(ctx.JSInterop.Invocations["relayNovel.editor.restore"]);
        }, Wait);
        var restore = ctx.JSInterop.Invocations["relayNovel.editor.restore"];
        Assert.Equal("고칠 문장.", restore[^1].Arguments[1]);
    }

    [Fact]
    public async Task RoomPage_OtherSeat_NoUndoButton()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");
        await app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "민지의 문장.", null);
        await using var ctx = UiTestContext.Create(app);

        var cut = await RoomPageHost.RenderAsAsync(ctx, room.Id, room.KeyOf(1));

        Assert.Empty(cut.FindAll("[data-testid=undo-turn]"));
    }

    [Fact]
    public async Task RoomPage_Vote_SeatedMemberVotesAndOnlyTheOwnerCanShowThePrompt()
    {
        await using var app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);
        var room = await AiRoom.CreateAsync(app.Rooms, ownerSeated: false,
            new AiSettings(MaxTokens: 6, EndAtSentence: false, Pace: AiPace.AsGenerated), "민지", "서준");
        await using var page = await app.Rooms.ConnectAsync(room.Id, room.Keys[0]);
        using var log = await RoomEventLog.StartAsync(app.Broadcaster, room.Id);
        await room.StartVoteAsync(app, log, 2);
        await using var guest = UiTestContext.Create(app);
        await using var owner = UiTestContext.Create(app);

        var member = await RoomPageHost.RenderAsAsync(guest, room.Id, room.Keys[1]);
        var ownerPage = await RoomPageHost.RenderAsAsync(owner, room.Id, null, room.OwnerKey);
        await member.InvokeAsync(() => member.FindAll("[data-testid=vote-button]")[1].Click());

        await Deadline.UntilAsync(async () => (await app.Rooms.GetAsync(room.Id))!.Vote?.VotesBySeat.GetValueOrDefault(1) == 1, "the vote to count", Wait);
        Assert.Empty(member.FindAll("[data-testid=ai-error]"));
        Assert.Equal(new Dictionary<int, int> { [1] = 1 }, (await app.Rooms.GetAsync(room.Id))!.Vote!.VotesBySeat);
        Assert.Empty(member.FindAll("[data-testid=show-prompt]"));
        Assert.Empty(ownerPage.FindAll("[data-testid=vote-button]"));   // the owner holds no seat here
        await ownerPage.InvokeAsync(() => ownerPage.Find("[data-testid=show-prompt]").Click());
        var prompt = await app.Rooms.GetPromptTextAsync(room.Id, room.OwnerKey);
        ownerPage.WaitForAssertion(() => Assert.Equal(prompt, ownerPage.Find("[data-testid=prompt-text]").TextContent), Wait);
        await ownerPage.InvokeAsync(() => ownerPage.FindAll("[data-testid=pick-alternative]")[0].Click());
        await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == room.AiSeat, Wait);
        member.WaitForAssertion(() => Assert.Empty(member.FindAll("[data-testid=vote-panel]")), Wait);
    }
}
