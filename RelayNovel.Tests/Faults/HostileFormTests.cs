using Bunit;
using LiteDB;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Components;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Components.Shared;
using RelayNovel.Web.Rooms;
using HomePage = RelayNovel.Web.Components.Pages.Home.HomePage;

namespace RelayNovel.Tests.Faults;

/// <summary>Hostile input through the UI forms (bUnit on the real room service): a message on the form, nothing stored.</summary>
public sealed class HostileFormTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("title", "\u202Egnp.exe", "settings-server-error")]
    [InlineData("title", "제목\u0007", "settings-server-error")]
    [InlineData("title", "제\u200B목", "settings-server-error")]
    [InlineData("premise", "시작\u001b[2J", "settings-server-error")]
    [InlineData("title", "   ", "settings-errors")]
    [InlineData("premise", "OVERSIZE", "settings-errors")]
    public async Task CreateRoomForm_HostileTitleOrPremise_ShowsTheRefusalAndCreatesNoRoom(string field, string value, string errorTestId)
    {
        using var data = new TempDirectory();
        var app = RelayNovelAppFactory.On(data);
        await using (var ctx = UiTestContext.Create(services =>
        {
            services.AddSingleton(app.Rooms);
            services.AddSingleton(app.Services.GetRequiredService<AiModel>());
        }))
        {
            var cut = ctx.Render<HomePage>();
            var premise = value == "OVERSIZE" ? new string('나', RoomSettingsModel.MaxPremiseChars + 1) : value;
            cut.Find("input[data-testid=room-title]").Change(field == "title" ? value : "평범한 제목");
            cut.Find("textarea[data-testid=settings-premise]").Change(field == "premise" ? premise : "");
            cut.Find("form").Submit();

            cut.WaitForAssertion(() => Assert.NotEmpty(cut.Find($"[data-testid={errorTestId}]").TextContent.Trim()), Wait);
            Assert.DoesNotContain("/rooms/", ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        }
        await app.DisposeAsync();
        using var db = new LiteDatabase($"Filename={data.File("relaynovel.db")};Connection=direct");
        Assert.Equal(0, db.GetCollection("rooms").Count());
    }

    [Theory]
    [InlineData("정상 \u202E트로이 목마")]
    [InlineData("보이지\u200B않는 글자")]
    [InlineData("벨\u0007소리")]
    [InlineData("LONE-SURROGATE")]   // built in code: a lone surrogate does not survive attribute metadata
    [InlineData(" \n\u3000 ")]
    [InlineData("OVERSIZE")]
    public async Task TurnEditor_HostileText_ShowsAnErrorAndCommitsNothing(string text)
    {
        await using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, new RoomSettings("편집기", SeatPlan: [SeatKind.Human, SeatKind.Human], TurnTimerSeconds: 0),
            "민지", "서준");
        await using var ctx = UiTestContext.Create(app);
        ctx.JSInterop.Setup<string?>("relayNovel.editor.getValue", _ => true).SetResult(text switch
        {
            "OVERSIZE" => new string('가', 2001),
            "LONE-SURROGATE" => "깨진 " + '\uD800' + " 글자",
            _ => text,
        });
        ctx.JSInterop.Setup<RememberedRoom[]>("relayNovel.storage.getRooms").SetResult([new RememberedRoom(room.Id, "", null, room.KeyOf(0), 0)]);
        var cut = ctx.Render<RoomPage>(p => p.Add(x => x.RoomId, room.Id));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=room]").GetAttribute("data-my-turn")), Wait);

        // Room events re-render the page at any time; a click on a button that was just re-rendered is tried again.
        cut.WaitForAssertion(() => cut.Find("[data-testid=turn-submit]").Click(), Wait);

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.Find("[data-testid=turn-error]").TextContent.Trim()), Wait);
        Assert.Empty((await app.Rooms.GetAsync(room.Id))!.Turns);
        Assert.Empty(cut.FindAll("[data-testid=turn]"));
    }

    [Fact]
    public async Task OwnerActions_WithAForgedOrForeignOwnerKey_NoOwnerPanelAndTheServiceRefuses()
    {
        await using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");
        var other = await RoomSetup.CreateAsync(app.Rooms, null, "남");
        await using var ctx = UiTestContext.Create(app);
        ctx.JSInterop.Setup<RememberedRoom[]>("relayNovel.storage.getRooms")
            .SetResult([new RememberedRoom(room.Id, "", other.Room.OwnerKey, room.KeyOf(1), 0)]);

        var cut = ctx.Render<RoomPage>(p => p.Add(x => x.RoomId, room.Id));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=room]").GetAttribute("data-ready")), Wait);

        Assert.Empty(cut.FindAll("[data-testid=owner-panel]"));
        foreach (var key in new[] { other.Room.OwnerKey, room.KeyOf(1), "", "forged-owner-key" })
        {
            var kick = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.KickAsync(room.Id, key, 0));
            var skip = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.SkipTurnAsync(room.Id, key));
            var settings = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.UpdateSettingsAsync(room.Id, key, new RoomSettings("빼앗은 방")));
            Assert.All(new[] { kick, skip, settings }, e => Assert.Equal(RoomErrorCode.Forbidden, e.Code));
        }
        var after = (await app.Rooms.GetAsync(room.Id))!;
        Assert.Equal(("민지", "서준", 0, "시험 방"), (after.Seats[0].Name, after.Seats[1].Name, after.Turns.Count, after.Settings.Title));
    }
}
