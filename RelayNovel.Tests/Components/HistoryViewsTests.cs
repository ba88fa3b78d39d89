using Bunit;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Components;

/// <summary>Withdrawn turns and alternatives in the story, the glossary panel, and the context meter's breakdown.</summary>
public sealed class HistoryViewsTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_764_000_000);

    [Fact]
    public async Task StoryView_WithdrawnTurnAndAlternatives_MarkedInTheHistory()
    {
        await using var ctx = UiTestContext.Create();
        TurnView[] turns =
        [
            new(0, 0, "민지", TurnKind.Human, "남은 문장", At, At),
            new(1, 4, "AI", TurnKind.Ai, "고른 글", At, At) { AlternativeCount = 2 },
            new(2, 0, "민지", TurnKind.Human, "되돌린 문장", At, At) { Withdrawn = true },
        ];
        var cut = ctx.Render<StoryView>(p => p.Add(x => x.Turns, turns).Add(x => x.Seats, []));

        var shown = cut.FindAll("[data-testid=turn]");
        Assert.Equal(["false", "false", "true"], shown.Select(t => t.GetAttribute("data-withdrawn")));
        Assert.Contains("되돌린 차례", shown[2].QuerySelector("[data-testid=turn-withdrawn]")!.TextContent);
        Assert.NotNull(shown[2].QuerySelector("s"));
        Assert.Contains("다른 후보 2개", shown[1].QuerySelector("[data-testid=turn-alternatives]")!.TextContent);
        Assert.Empty(shown[0].QuerySelectorAll("[data-testid=turn-withdrawn]"));
    }

    [Fact]
    public async Task GlossaryPanel_NotOwner_SeesEntriesWithoutEditing()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<GlossaryPanel>(p => p.Add(x => x.Entries, [new GlossaryEntry("등대", "바닷가의 낡은 등대")]));

        Assert.Contains("바닷가의 낡은 등대", cut.Find("[data-testid=glossary-entry]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=edit-glossary]"));
    }

    [Fact]
    public async Task GlossaryPanel_OwnerEditsLines_SaveGetsTheParsedEntries()
    {
        await using var ctx = UiTestContext.Create();
        IReadOnlyList<GlossaryEntry>? saved = null;
        var cut = ctx.Render<GlossaryPanel>(p => p
            .Add(x => x.Entries, [new GlossaryEntry("등대", "낡은 등대")])
            .Add(x => x.IsOwner, true)
            .Add(x => x.Save, entries => { saved = entries; return Task.FromResult<string?>(null); }));

        cut.Find("[data-testid=edit-glossary]").Click();
        var input = cut.Find("textarea[data-testid=glossary-input], [data-testid=glossary-input] textarea");
        Assert.Equal("등대: 낡은 등대", input.GetAttribute("value") ?? input.TextContent);
        input.Change("등대: 낡은 등대\n민지: 빵집 주인");
        cut.Find("[data-testid=save-glossary]").Click();

        Assert.Equal([new GlossaryEntry("등대", "낡은 등대"), new GlossaryEntry("민지", "빵집 주인")], saved);
        Assert.Empty(cut.FindAll("textarea"));
    }

    [Fact]
    public async Task ContextMeter_Memory_ShowsWhatWentInAndWhatWasCut()
    {
        await using var ctx = UiTestContext.Create();
        var stream = new AiStreamView(4, AiStreamState.Streaming, null, "글", 200, 256)
        {
            Memory = new PromptMemoryView(true, true, ["민지"], ["서준"], 60, 140, 35),
        };
        var cut = ctx.Render<ContextMeter>(p => p.Add(x => x.Stream, stream));

        Assert.Contains("200 / 256", cut.Find("[data-testid=context-meter]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=context-premise]"));
        Assert.NotNull(cut.Find("[data-testid=context-note]"));
        Assert.Contains("민지", cut.Find("[data-testid=context-glossary]").TextContent);
        Assert.Contains("서준", cut.Find("[data-testid=context-glossary-cut]").TextContent);
        Assert.Contains("140", cut.Find("[data-testid=context-story]").TextContent);
        Assert.Contains("35", cut.Find("[data-testid=context-story-cut]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=show-prompt]"));   // no prompt reader: not the owner
    }

    [Fact]
    public async Task ContextMeter_OwnersShowPrompt_ShowsTheExactText()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<ContextMeter>(p => p
            .Add(x => x.Stream, new AiStreamView(4, AiStreamState.Streaming, null, "", 10, 256))
            .Add(x => x.LoadPrompt, () => Task.FromResult<string?>("전제\n민지: 빵집 주인\n이야기")));

        cut.Find("[data-testid=show-prompt]").Click();

        Assert.Equal("전제\n민지: 빵집 주인\n이야기", cut.Find("[data-testid=prompt-text]").TextContent);
        cut.Find("[data-testid=show-prompt]").Click();
        Assert.Empty(cut.FindAll("[data-testid=prompt-text]"));
    }
}
