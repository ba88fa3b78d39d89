using System.Globalization;
using System.Net;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Tests.Replay;
using RelayNovel.Web.Components.Pages.Replay;
using RelayNovel.Web.Components.Shared;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.Replay;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

/// <summary>
/// Issue 15: "이 차례부터 새 이야기" on a turn of the room page and of the replay makes the fork, remembers this browser as
/// its owner (as creating a room does) and opens it; the fork's header links back to the source turn.
/// </summary>
public sealed class ForkTurnUiTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly RelayNovelAppFactory _app = new();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> ImportSourceAsync()
    {
        var story = new HistoryBuilder()
            .Human(0, "민지", 2_000, (0, "비"), (1_500, "비가 내렸다."))
            .Ai(2, (100, " 용이"), (600, " 나타났다."))
            .Human(1, "서준", 900, (300, "잘못 쓴 문장.")).Withdraw()
            .Human(1, "서준", 1_000, (200, "동굴로 갔다."))
            .Ai(2, (50, " 끝이었다."));   // the baton ends at a person's seat: nothing writes on its own
        var created = await _app.Rooms.ImportAsync(new RoomSettings("갈래 길", "비 오는 역", "짧은 문장으로.",
            SeatPlan: [SeatKind.Human, SeatKind.Human, SeatKind.Ai], TurnTimerSeconds: 0), [.. story.Turns]);
        return created.RoomId;
    }

    [Fact]
    public async Task RoomPage_ForkTurnClicked_CreatesTheForkRemembersItsOwnerKeyAndOpensIt()
    {
        var sourceId = await ImportSourceAsync();
        await using var ctx = UiTestContext.Create(_app);
        var cut = await RoomPageHost.RenderAsAsync(ctx, sourceId, null);
        Assert.Equal("turn-2", cut.Find("[data-testid=turn][data-turn-index='1']").Id);   // where the fork's link lands
        Assert.Empty(cut.FindAll("[data-testid=turn][data-turn-index='2'] [data-testid=fork-turn]"));   // withdrawn: not in the story

        Assert.Equal("이 차례부터 새 이야기 (2번째 차례)",
            cut.Find("[data-testid=turn][data-turn-index='1'] [data-testid=fork-turn]").GetAttribute("aria-label"));

        cut.WaitForAssertion(() => cut.Find("[data-testid=turn][data-turn-index='1'] [data-testid=fork-turn]").Click(), Wait);

        var (forkId, ownerKey) = await OpenedForkAsync(ctx);
        Assert.True(await _app.Rooms.IsOwnerAsync(forkId, ownerKey));
        var fork = (await _app.Rooms.GetAsync(forkId))!;
        Assert.Equal(new ForkOrigin(sourceId, 1), fork.ForkedFrom);
        Assert.Equal(["비가 내렸다.", "용이 나타났다."], fork.Turns.Select(t => t.Text));
    }

    [Fact]
    public async Task ReplayPage_ForkTurnClicked_CreatesTheForkRemembersItsOwnerKeyAndOpensIt()
    {
        var sourceId = await ImportSourceAsync();
        await using var ctx = UiTestContext.Create(_app);
        var cut = ctx.Render<ReplayPage>(p => p.Add(x => x.RoomId, sourceId));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=replay]").GetAttribute("data-ready")), Wait);
        var timeline = new ReplayTimeline((await _app.Rooms.HistoryAsync(sourceId))!.Turns);
        cut.Find("[data-testid=replay-scrubber]").Input(timeline.TotalMs.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(4, cut.FindAll("[data-testid=story] [data-testid=fork-turn]").Count);   // every turn but the withdrawn one

        cut.Find("[data-testid=story] [data-testid=turn][data-turn-index='3'] [data-testid=fork-turn]").Click();

        var (forkId, ownerKey) = await OpenedForkAsync(ctx);
        Assert.True(await _app.Rooms.IsOwnerAsync(forkId, ownerKey));
        var history = (await _app.Rooms.HistoryAsync(forkId))!;
        Assert.Equal(new ForkOrigin(sourceId, 3), history.Room.ForkedFrom);
        Assert.Equal(4, history.Turns.Count);
        Assert.True(history.Turns[2].Withdrawn);
    }

    [Fact]
    public async Task RoomPage_OfAFork_ShowsTheForkedFromLinkToTheSourceTurnAndTheOwnersPanel()
    {
        var sourceId = await ImportSourceAsync();
        var fork = await _app.Rooms.ForkAsync(sourceId, 1);
        await using var ctx = UiTestContext.Create(_app);

        var cut = await RoomPageHost.RenderAsAsync(ctx, fork.RoomId, null, fork.OwnerKey);

        var link = cut.Find("[data-testid=forked-from] a[data-testid=forked-from-link]");
        Assert.Equal($"/rooms/{sourceId}#turn-2", link.GetAttribute("href"));
        Assert.Contains("원래 이야기의 2번째 차례", link.TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=owner-panel]"));
        Assert.Equal(2, cut.FindAll("[data-testid=turn]").Count);
    }

    [Fact]
    public async Task RoomPage_CreatedRoom_NoForkedFromLine()
    {
        var sourceId = await ImportSourceAsync();
        await using var ctx = UiTestContext.Create(_app);

        var cut = await RoomPageHost.RenderAsAsync(ctx, sourceId, null);

        Assert.Empty(cut.FindAll("[data-testid=forked-from]"));
    }

    [Fact]
    public async Task RoomPage_ForkOverTheWriteBudget_SaysSoAndCreatesNoRoom()
    {
        var browser = IPAddress.Parse("203.0.113.41");
        var sourceId = await ImportSourceAsync();
        await using var ctx = UiTestContext.Create(services =>
        {
            services.AddSingleton(_app.Rooms);
            services.AddSingleton(_app.Broadcaster);
            services.AddSingleton(_app.Services.GetRequiredService<Web.Api.InviteLinks>());
            services.AddSingleton(_app.Services.GetRequiredService<CircuitActivity>());
            services.AddScoped<CircuitRoomPresence>();
            services.AddSingleton<IHttpContextAccessor>(new FixedClientAddress(browser));
            services.Configure<RelayNovelOptions>(o => (o.WritesPerWindow, o.WriteWindowSeconds) = (1, 600));
        });
        Assert.True((await ctx.Services.GetRequiredService<ClientWriteLimiter>().TryWriteAsync(browser)).Allowed);
        var cut = await RoomPageHost.RenderAsAsync(ctx, sourceId, null);
        var before = _app.Store.RoomCount();

        cut.WaitForAssertion(() => cut.Find("[data-testid=turn][data-turn-index='0'] [data-testid=fork-turn]").Click(), Wait);

        cut.WaitForAssertion(() => Assert.Contains("요청이 너무 많습니다", cut.Find("[data-testid=fork-error]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal(before, _app.Store.RoomCount());
        Assert.DoesNotContain("/rooms/", ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForkTurnButton_TurnTakenBackSinceThePageShowedIt_SaysWhyInKoreanAndCreatesNoRoom()
    {
        var sourceId = await ImportSourceAsync();
        await using var ctx = UiTestContext.Create(_app);
        var before = _app.Store.RoomCount();
        var cut = ctx.Render<ForkTurnButton>(p => p.Add(x => x.RoomId, sourceId).Add(x => x.TurnIndex, 2));

        cut.Find("[data-testid=fork-turn]").Click();

        cut.WaitForAssertion(() => Assert.Contains("작성자가 되돌린 차례", cut.Find("[data-testid=fork-error]").TextContent, StringComparison.Ordinal), Wait);
        Assert.DoesNotContain("taken back", cut.Find("[data-testid=fork-error]").TextContent, StringComparison.Ordinal);
        Assert.Equal(before, _app.Store.RoomCount());
        Assert.DoesNotContain("/rooms/", ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    /// <summary>The room the page went to, and the owner key it remembered for it (the room list entry it saved).</summary>
    private static async Task<(string RoomId, string OwnerKey)> OpenedForkAsync(BunitContext ctx)
    {
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        await Deadline.UntilAsync(() => navigation.Uri.Contains("/rooms/", StringComparison.Ordinal), "the page to open the fork", Wait);
        var forkId = navigation.ToBaseRelativePath(navigation.Uri)["rooms/".Length..];
        var saved = ctx.JSInterop.Invocations["relayNovel.storage.saveRoom"]
            .Select(i => i.Arguments.OfType<RememberedRoom>().Single())
            .Single(r => r.Id == forkId);
        return (forkId, saved.OwnerKey!);
    }
}
