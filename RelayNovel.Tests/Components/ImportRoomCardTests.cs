using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Api;
using RelayNovel.Web.Components.Pages.Home;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Components;

/// <summary>The home page's "import a room": a JSON export uploaded in the browser becomes a new room on the real service.</summary>
public sealed class ImportRoomCardTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Upload_AnExport_OpensANewRoomWithTheSameStory()
    {
        await using var app = new RelayNovelAppFactory();
        var source = await RoomSetup.CreateAsync(app.Rooms, null, "민지", "서준");
        await app.Rooms.SubmitTurnAsync(source.Id, source.KeyOf(0), "비가 내렸다.", null);
        await app.Rooms.SubmitTurnAsync(source.Id, source.KeyOf(1), "우산은 없었다.", null);
        var json = StoryExport.ToJson((await app.Rooms.HistoryAsync(source.Id))!);
        await using var ctx = UiTestContext.Create(app);
        var cut = ctx.Render<ImportRoomCard>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(json, "room.json", contentType: "application/json"));

        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.True(navigation.Uri.Contains("/rooms/", StringComparison.Ordinal), cut.Markup), Wait);   // the markup shows any refusal
        var newId = navigation.Uri[(navigation.Uri.LastIndexOf('/') + 1)..];
        Assert.NotEqual(source.Id, newId);
        // Both people's turns, and the AI turn skipped for want of a model (its long reason kept in the export).
        Assert.Equal((await app.Rooms.GetAsync(source.Id))!.Turns.Select(t => (t.Kind, t.AuthorName, t.Text)),
            (await app.Rooms.GetAsync(newId))!.Turns.Select(t => (t.Kind, t.AuthorName, t.Text)));
        Assert.Equal(["비가 내렸다.", "우산은 없었다."], (await app.Rooms.GetAsync(newId))!.Turns.Where(t => t.IsStory).Select(t => t.Text));
        Assert.Empty(cut.FindAll("[data-testid=import-error]"));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{"format":"something-else","version":1}""")]
    public async Task Upload_NotAnExport_SaysWhyAndCreatesNoRoom(string content)
    {
        await using var app = new RelayNovelAppFactory();
        var store = app.Store;
        var before = store.RoomCount();
        await using var ctx = UiTestContext.Create(app);
        var cut = ctx.Render<ImportRoomCard>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(content, "room.json", contentType: "application/json"));

        cut.WaitForAssertion(() => Assert.Contains("가져오지 못했습니다", cut.Find("[data-testid=import-error]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal(before, store.RoomCount());
        Assert.DoesNotContain("/rooms/", ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }
}
