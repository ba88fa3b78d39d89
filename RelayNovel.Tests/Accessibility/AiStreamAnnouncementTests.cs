using Bunit;
using RelayNovel.Tests.Components;
using RelayNovel.Web.Components.Pages.Room;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Accessibility;

/// <summary>
/// What a screen reader hears while the AI writes: the growing text carries no live region, and the panel's one
/// polite region changes at the start, at each sentence end and at the end of the turn, never per token.
/// </summary>
public sealed class AiStreamAnnouncementTests
{
    private static readonly string[] Sentences = ["그날 밤 비가 내렸다.", " 우산은 없었다!", " 그래서 그냥 걸었다"];

    [Fact]
    public async Task AiStreamPanel_TokenByTokenTurn_AnnouncesPerSentenceNotPerToken()
    {
        await using var ctx = UiTestContext.Create();
        var text = string.Concat(Sentences);
        // Two characters a "token": the way the stream grows on screen, ~20 renders a second.
        var prefixes = Enumerable.Range(1, (text.Length + 1) / 2).Select(n => text[..Math.Min(text.Length, n * 2)]).ToList();
        var cut = ctx.Render<AiStreamPanel>(p => p.Add(x => x.Stream, new AiStreamView(4, AiStreamState.Queued, 1, "", 0, 1024)));
        var heard = new List<string>();
        void Listen()
        {
            var now = cut.Find("[data-testid=ai-announcer]").TextContent;
            if (now.Length > 0 && (heard.Count == 0 || heard[^1] != now))
            {
                heard.Add(now);
            }
        }

        Listen();
        foreach (var prefix in prefixes)
        {
            cut.Render(p => p.Add(x => x.Stream, new AiStreamView(4, AiStreamState.Streaming, null, prefix, 10, 1024)));
            Listen();
            Assert.Null(cut.Find("[data-testid=ai-stream]").GetAttribute("aria-live"));
        }
        cut.Render(p => p.Add(x => x.Stream, new AiStreamView(4, AiStreamState.Finished, null, text, 10, 1024)));
        Listen();
        cut.Render(p => p.Add(x => x.Stream, (AiStreamView?)null));
        Listen();

        Assert.Equal("polite", cut.Find("[data-testid=ai-announcer]").GetAttribute("aria-live"));
        Assert.True(prefixes.Count > 10, $"the turn should stream in many steps, got {prefixes.Count}");
        // Start, each sentence, and the rest with the end: bounded by the sentences, whatever the token count.
        Assert.Equal(
            ["AI 작가가 쓰기 시작했습니다.", "그날 밤 비가 내렸다.", "우산은 없었다!", "그래서 그냥 걸었다 AI 작가가 차례를 마쳤습니다."],
            heard);
    }

    [Fact]
    public async Task AiStreamPanel_RetryStartsOver_AnnouncesTheNewStartOnce()
    {
        await using var ctx = UiTestContext.Create();
        var cut = ctx.Render<AiStreamPanel>(p => p.Add(x => x.Stream, new AiStreamView(4, AiStreamState.Streaming, null, "비가", 1, 1024)));
        Assert.Equal("AI 작가가 쓰기 시작했습니다.", cut.Find("[data-testid=ai-announcer]").TextContent);

        cut.Render(p => p.Add(x => x.Stream, new AiStreamView(4, AiStreamState.Queued, 1, "", 0, 1024)));
        cut.Render(p => p.Add(x => x.Stream, new AiStreamView(4, AiStreamState.Streaming, null, "눈이", 1, 1024)));
        cut.Render(p => p.Add(x => x.Stream, new AiStreamView(4, AiStreamState.Streaming, null, "눈이 왔다", 2, 1024)));

        // Nothing about the discarded text, and no sentence end yet: the region still says the AI started.
        Assert.Equal("AI 작가가 쓰기 시작했습니다.", cut.Find("[data-testid=ai-announcer]").TextContent);
    }

    [Fact]
    public async Task VotePanel_CandidatesStreaming_OnlyAllShownIsAnnounced()
    {
        await using var ctx = UiTestContext.Create();
        AiVoteView Vote(bool allShown) => new(4,
            [
                new AiStreamView(4, AiStreamState.Streaming, null, "첫째", 30, 256),
                new AiStreamView(4, AiStreamState.Streaming, null, "둘째", 30, 256),
            ], new Dictionary<int, int>())
        { AllShown = allShown };
        var cut = ctx.Render<VotePanel>(p => p.Add(x => x.Vote, Vote(false)));

        Assert.All(cut.FindAll("[data-testid=alternative-text]"), text => Assert.Null(text.GetAttribute("aria-live")));
        Assert.Equal("", cut.Find("[data-testid=vote-announcer]").TextContent);

        cut.Render(p => p.Add(x => x.Vote, Vote(true)));

        Assert.Equal("polite", cut.Find("[data-testid=vote-announcer]").GetAttribute("aria-live"));
        Assert.Equal("후보가 모두 나왔습니다. 투표할 수 있습니다.", cut.Find("[data-testid=vote-announcer]").TextContent);
    }
}
