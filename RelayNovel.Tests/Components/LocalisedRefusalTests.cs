using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Api;
using RelayNovel.Web.Components.Pages.Home;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

/// <summary>Refusals a person sees in the Korean UI say what is wrong in Korean, without the parser's or the API's English.</summary>
public sealed class LocalisedRefusalTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task GlossaryEditor_DuplicateName_SaysWhichEntryInKorean()
    {
        using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지");
        await using var ctx = UiTestContext.Create(app);
        var cut = await RoomPageHost.RenderAsAsync(ctx, room.Id, room.KeyOf(0), room.Room.OwnerKey);

        cut.Find("[data-testid=edit-glossary]").Click();
        cut.Find("textarea[data-testid=glossary-input], [data-testid=glossary-input] textarea").Change("등대: 낡은 등대\n등대: 새 등대");
        cut.Find("[data-testid=save-glossary]").Click();

        var error = cut.WaitForElement("[data-testid=glossary-error]", Wait).TextContent;
        Assert.Contains("2번째 항목", error, StringComparison.Ordinal);
        Assert.Contains("이미 용어집에 있습니다", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Glossary entry", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportCard_BrokenJson_SaysLineAndCharacterInPlainKorean()
    {
        await using var app = new RelayNovelAppFactory();
        await using var ctx = UiTestContext.Create(app);
        var cut = ctx.Render<ImportRoomCard>();

        cut.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromText("{\n  \"format\": \"relaynovel-room\",\n  \"제목\": 비\n}", "room.json", contentType: "application/json"));

        cut.WaitForAssertion(() => Assert.Contains("3번째 줄", cut.Find("[data-testid=import-error]").TextContent, StringComparison.Ordinal), Wait);
        var error = cut.Find("[data-testid=import-error]").TextContent;
        Assert.Contains("가져오지 못했습니다", error, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", error, StringComparison.Ordinal);
        Assert.DoesNotContain("JSON for a room", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoomExportJson_BrokenJsonAfterKorean_CountsCharactersNotBytes()
    {
        // '"가": x' — the bad value starts after 7 bytes but 5 characters of its line.
        using var json = new MemoryStream(Encoding.UTF8.GetBytes("{\n\"가\": x}"));

        var refused = await Assert.ThrowsAsync<RoomException>(() => RoomExportJson.ReadAsync(json, null, CancellationToken.None));

        Assert.Equal("Import.BadJson", refused.TextKey);
        Assert.Equal([2L, 6L], refused.TextArgs);
        Assert.Contains("line 2, character 6", refused.Message, StringComparison.Ordinal);
    }
}
