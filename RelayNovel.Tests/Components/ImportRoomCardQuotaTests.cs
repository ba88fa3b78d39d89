using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Tests.Stories;
using RelayNovel.Web.Components.Pages.Home;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Components;

/// <summary>Issue 16 item 2: the home page's import says plainly, in the page's language, when a storage quota refuses it.</summary>
public sealed class ImportRoomCardQuotaTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Upload_ServerStorageFull_SaysSoInKoreanAndCreatesNoRoom()
    {
        await using var app = new RelayNovelAppFactory().Set("RelayNovel:StoreStorageLimitBytes", "1");
        var store = app.Store;
        var before = store.RoomCount();
        await using var ctx = UiTestContext.Create(app);
        var cut = ctx.Render<ImportRoomCard>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(HostileExports.Build(1, 10, 2), "room.json", contentType: "application/json"));

        cut.WaitForAssertion(() => Assert.Contains("저장 공간이 가득 차서", cut.Find("[data-testid=import-error]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal(before, store.RoomCount());
        Assert.DoesNotContain("/rooms/", ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }
}
