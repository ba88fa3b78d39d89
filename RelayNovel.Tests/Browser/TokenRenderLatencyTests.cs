using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;
using RelayNovel.Web.Rooms;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Browser;

/// <summary>
/// How long an AI token takes from the server publishing it (the room clock reveals the written text at the
/// "natural" pace, about 18 tokens a second, so there are many events to time) to its render in every open page: the server stamps each AI event as it publishes it, each page
/// stamps each change of its <c>ai-stream</c> text (a MutationObserver); both use this machine's clock.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TokenRenderLatencyTests(BrowserServerFixture server, ITestOutputHelper output) : IClassFixture<BrowserServerFixture>
{
    private const string Observe = """
        () => { window.__ai = []; new MutationObserver(() => {
            const el = document.querySelector('[data-testid=ai-stream]');
            if (el) window.__ai.push([Date.now(), el.textContent]);
          }).observe(document.body, { subtree: true, childList: true, characterData: true }); }
        """;

    [CircuitLoadFact]
    public async Task AiTokens_PublishedToRenderedInEveryPage()
    {
        var pagesWanted = int.Parse(Environment.GetEnvironmentVariable("RELAYNOVEL_CIRCUITS")!, System.Globalization.CultureInfo.InvariantCulture);
        var rooms = server.App.Rooms;
        var ai = new AiSettings(MaxTokens: 80, EndAtSentence: false, Pace: AiPace.Natural);
        var created = await rooms.CreateAsync(new RoomSettings("지연 측정", "밤의 정거장.", SeatPlan: [SeatKind.Human, SeatKind.Ai], TurnTimerSeconds: 0, Ai: ai));
        var writer = await rooms.JoinAsync(created.RoomId, "작가", 0, spectate: false);
        var published = new ConcurrentQueue<(long At, string Text)>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = server.App.Broadcaster.Subscribe(created.RoomId, e =>
        {
            if (e is AiProgress { Stream.State: AiStreamState.Streaming } p && p.Stream.VisibleText.Trim().Length > 0)
            {
                published.Enqueue((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), p.Stream.VisibleText.Trim()));
            }
            if (e is TurnCommitted { Turn.Kind: TurnKind.Ai })
            {
                done.TrySetResult();
            }
            return ValueTask.CompletedTask;
        });

        await using var browser = await BrowserSession.StartAsync();
        var pages = new List<IPage>();
        for (var i = 0; i < pagesWanted; i++)
        {
            var page = await browser.NewPersonAsync(server.BaseUrl);
            await page.GotoAsync($"/rooms/{created.RoomId}");
            await page.Locator("[data-testid=room][data-ready=true]").WaitForAsync();
            await page.EvaluateAsync(Observe);
            pages.Add(page);
        }
        await rooms.SubmitTurnAsync(created.RoomId, writer.ParticipantKey, "막차가 떠났다.", null);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));

        var latencies = new List<double>();
        foreach (var page in pages)
        {
            var seen = (await page.EvaluateAsync<JsonElement>("() => window.__ai")).EnumerateArray()
                .Select(r => (At: r[0].GetInt64(), Text: r[1].GetString()!.Trim())).ToList();
            foreach (var (at, text) in published)
            {
                var shown = seen.FirstOrDefault(s => s.Text.StartsWith(text, StringComparison.Ordinal));
                if (shown.Text is not null)
                {
                    latencies.Add(shown.At - at);
                }
            }
        }
        latencies.Sort();
        Assert.NotEmpty(latencies);
        output.WriteLine($"{pages.Count} pages, {published.Count} AI events published, {latencies.Count} (event, page) pairs rendered: " +
            $"publish-to-render p50 {latencies[latencies.Count / 2]:F0} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:F0} ms, " +
            $"max {latencies[^1]:F0} ms");
    }
}
