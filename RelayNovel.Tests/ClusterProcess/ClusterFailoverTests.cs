using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RelayNovel.Tests.Browser;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Tests.Ops;
using Xunit.Abstractions;

namespace RelayNovel.Tests.ClusterProcess;

/// <summary>
/// A web node dies under its people: on <c>tools/cluster.sh up --nodes 2</c>, a browser pinned (by the balancer's sticky
/// cookie) to web1 and one pinned to web2 write in one room hosted on web1 and each sees the other's live draft and
/// the AI's stream; web1 is then killed (SIGKILL) while the AI writes. The person on web1 reloads through the balancer
/// and goes on from web2, the room's grain comes back on web2 from PostgreSQL, the interrupted AI turn is written again,
/// and every acknowledged turn is stored exactly once. Per-node metrics show where the room and the pages are.
/// </summary>
public sealed class ClusterFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // As long as the embedded model allows (half its context; about 7 s at the natural pace): the kill lands mid-stream.
    private static readonly object AiSettings = new { maxTokens = 120, endAtSentence = false };

    [ChromiumFact]
    public async Task WebNode_KilledMidAiTurn_PersonReloadsThroughTheBalancerAndEveryTurnIsStoredOnce()
    {
        var script = new ClusterScript();
        try
        {
            await script.UpAsync(nodes: 2);
            await using var browser = await BrowserSession.StartAsync();
            var balancer = script.Balancer!;
            using var web1 = new HttpClient { BaseAddress = script.Nodes["web1"].Url, Timeout = Patience };
            using var web2 = new HttpClient { BaseAddress = script.Nodes["web2"].Url, Timeout = Patience };

            // Made on web1, so its grain activates there (rooms prefer the node that first asks for them).
            var created = await web1.PostAsJsonAsync("/api/rooms", new
            {
                title = "꺼지는 노드", seatPlan = new[] { "human", "human", "ai" }, turnTimerSeconds = 0, ai = AiSettings,
            });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            var roomId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            Assert.Equal(1, await MetricAsync(web1, "relaynovel_rooms_hosted"));
            Assert.Equal(0, await MetricAsync(web2, "relaynovel_rooms_hosted"));

            var a = await PersonOnAsync(browser, script, "web1");
            var b = await PersonOnAsync(browser, script, "web2");
            await JoinAsync(a, roomId, "민지");
            await JoinAsync(b, roomId, "서준");
            Assert.True(await MetricAsync(web1, "relaynovel_circuits_connected") >= 1);
            Assert.True(await MetricAsync(web2, "relaynovel_circuits_connected") >= 1);

            string[] human = ["첫 문장은 웹1의 민지가 썼다.", "둘째 문장은 웹2의 서준이 썼다.", "셋째 문장은 다시 민지가 썼다."];
            await WriteAsync(writer: a, reader: b, human[0], index: 0);
            await WriteAsync(writer: b, reader: a, human[1], index: 1);

            // The AI's turn streams into both pages (its grain on web1, its tokens from the inference node).
            foreach (var page in new[] { a, b })
            {
                await Assertions.Expect(page.Locator("[data-testid=ai-stream]")).ToHaveTextAsync(new Regex(@"\S"), new() { Timeout = 60_000 });
            }
            await Assertions.Expect(b.Locator("[data-testid=turn]")).ToHaveCountAsync(2);   // not yet committed
            await script.KillAsync("web1");
            output.WriteLine("web1 killed while the AI wrote");

            // The person on web1 reloads (as the browser's reconnect banner asks) and lands on web2 through the balancer.
            await ReloadUntilReadyAsync(a);
            foreach (var page in new[] { a, b })
            {
                await Assertions.Expect(page.Locator("[data-testid=turn][data-turn-index='2']")).ToHaveAttributeAsync(
                    "data-author-kind", "ai", new() { Timeout = 120_000 });
            }
            var aiText = await a.Locator("[data-testid=turn][data-turn-index='2'] .turn-text").TextContentAsync();
            Assert.False(string.IsNullOrWhiteSpace(aiText));
            await Assertions.Expect(b.Locator("[data-testid=turn][data-turn-index='2'] .turn-text")).ToHaveTextAsync(aiText!);
            await Assertions.Expect(a.Locator("[data-testid=room]")).ToHaveAttributeAsync("data-my-turn", "true", new() { Timeout = 30_000 });
            await WriteAsync(writer: a, reader: b, human[2], index: 3);

            // Every acknowledged turn once, in order, in the cluster's store; the room now lives on web2.
            var room = await web2.GetFromJsonAsync<JsonElement>($"/api/rooms/{roomId}");
            var turns = room.GetProperty("turns").EnumerateArray().ToList();
            Assert.Equal(4, turns.Count);
            Assert.Equal([human[0], human[1], aiText!, human[2]], turns.Select(t => t.GetProperty("text").GetString()!));
            Assert.Equal(["human", "human", "ai", "human"], turns.Select(t => t.GetProperty("kind").GetString()!.ToLowerInvariant()));
            Assert.Equal(1, await MetricAsync(web2, "relaynovel_rooms_hosted"));
            using var inference = new HttpClient { BaseAddress = script.Nodes["inference"].Url, Timeout = Patience };
            var inferenceMetrics = await inference.GetStringAsync("/metrics");
            Assert.Equal(0, MetricsEndpointTests.Value(inferenceMetrics, "relaynovel_rooms_hosted"));   // an engine node hosts no rooms
            Assert.Contains("relaynovel_queue_length", inferenceMetrics, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine("web2's log ends:\n" + script.LogTail("web2", 150));
            throw;
        }
        finally
        {
            await script.DownAsync();
        }
    }

    /// <summary>A person whose browser the balancer sends to <paramref name="node"/> (a sticky cookie that hashes there).</summary>
    private static async Task<IPage> PersonOnAsync(BrowserSession browser, ClusterScript script, string node)
    {
        var target = script.Nodes[node].Url;
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = script.Balancer, Timeout = Patience };
        for (var i = 0; i < 200; i++)
        {
            var value = $"person-{node}-{i}";
            using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
            request.Headers.Add("Cookie", "relaynovel_node=" + value);
            using var response = await client.SendAsync(request);
            if (response.Headers.TryGetValues("X-RelayNovel-Node", out var answered) && answered.Single() == target.Authority)
            {
                var page = await browser.NewPersonAsync(script.Balancer!.ToString());
                await page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "relaynovel_node", Value = value, Url = script.Balancer.ToString() }]);
                return page;
            }
        }
        throw new InvalidOperationException($"No cookie among 200 sent the balancer's requests to {node}.");
    }

    private static async Task JoinAsync(IPage page, string roomId, string name)
    {
        await page.GotoAsync($"/rooms/{roomId}");
        await page.Locator("[data-testid=room][data-ready=true]").WaitForAsync();
        await page.Locator("input[data-testid=join-name]").FillAsync(name);
        await page.Locator("[data-testid=join-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=room]")).Not.ToHaveAttributeAsync("data-my-seat", "");
    }

    /// <summary>The writer's draft shows live on the reader's page, then the submitted turn does.</summary>
    private static async Task WriteAsync(IPage writer, IPage reader, string text, int index)
    {
        await Assertions.Expect(writer.Locator("[data-testid=room]")).ToHaveAttributeAsync("data-my-turn", "true");
        await writer.Locator("[data-testid=turn-editor]").FillAsync(text);
        await Assertions.Expect(reader.Locator("[data-testid=draft]")).ToHaveTextAsync(text);
        await writer.Locator("[data-testid=turn-submit]").ClickAsync();
        await Assertions.Expect(reader.Locator($"[data-testid=turn][data-turn-index='{index}'] .turn-text")).ToHaveTextAsync(text);
    }

    /// <summary>Reloads until the room shows again: while the cluster has not yet declared the dead node gone, a load can fail.</summary>
    private async Task ReloadUntilReadyAsync(IPage page)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(150);
        while (true)
        {
            try
            {
                await page.ReloadAsync(new() { Timeout = 30_000 });
                await page.Locator("[data-testid=room][data-ready=true]").WaitForAsync(new() { Timeout = 30_000 });
                return;
            }
            catch (Exception ex) when (ex is PlaywrightException or System.TimeoutException && DateTime.UtcNow < until)
            {
                // the next reload, as a person would
                var said = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 }).ConfigureAwait(false);
                output.WriteLine($"reload not ready yet ({ex.GetType().Name}); the page said: {said[..Math.Min(300, said.Length)]}");
            }
        }
    }

    internal static async Task<double> MetricAsync(HttpClient node, string metric) =>
        MetricsEndpointTests.Value(await node.GetStringAsync("/metrics"), metric);
}
