using System.Net;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Api;
using RelayNovel.Web.Components.Pages.Home;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories.LiteDb;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Components;

/// <summary>
/// The home page's create and import are writes like <c>POST /api/rooms</c>: they draw from the browser's per-client
/// budget, and past it the page says so (in Korean) and creates nothing.
/// </summary>
public sealed class HomeWriteLimitTests
{
    private static readonly IPAddress Browser = IPAddress.Parse("203.0.113.40");
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task CreateRoom_BrowserOverItsWriteBudget_SaysSoAndCreatesNoRoom()
    {
        await using var app = new RelayNovelAppFactory();
        var before = app.Store.RoomCount();
        await using var ctx = await ContextAsync(app);
        var cut = ctx.Render<HomePage>();

        cut.Find("input[data-testid=room-title]").Change("한도를 넘은 방");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("요청이 너무 많습니다", cut.Find("[data-testid=settings-server-error]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal(before, app.Store.RoomCount());
        Assert.DoesNotContain("/rooms/", ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportRoom_BrowserOverItsWriteBudget_SaysSoAndCreatesNoRoom()
    {
        await using var app = new RelayNovelAppFactory();
        var source = await RoomSetup.CreateAsync(app.Rooms, null, "민지");
        var json = StoryExport.ToJson((await app.Rooms.HistoryAsync(source.Id))!);
        var before = app.Store.RoomCount();
        await using var ctx = await ContextAsync(app);
        var cut = ctx.Render<ImportRoomCard>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(json, "room.json", contentType: "application/json"));

        cut.WaitForAssertion(() => Assert.Contains("요청이 너무 많습니다", cut.Find("[data-testid=import-error]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal(before, app.Store.RoomCount());
        Assert.DoesNotContain("/rooms/", ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    /// <summary>A browser at <see cref="Browser"/> that has already made its one write of the window.</summary>
    private static async Task<BunitContext> ContextAsync(RelayNovelAppFactory app)
    {
        var ctx = UiTestContext.Create(services =>
        {
            services.AddSingleton(app.Rooms);
            services.AddSingleton(app.Services.GetRequiredService<AiModel>());
            services.AddSingleton<IHttpContextAccessor>(new FixedClientAddress(Browser));
            services.Configure<RelayNovelOptions>(o => (o.WritesPerWindow, o.WriteWindowSeconds) = (1, 600));
        });
        Assert.True((await ctx.Services.GetRequiredService<ClientWriteLimiter>().TryWriteAsync(Browser)).Allowed);
        return ctx;
    }
}
