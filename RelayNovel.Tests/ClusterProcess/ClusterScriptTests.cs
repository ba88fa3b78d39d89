using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Npgsql;
using RelayNovel.Tests.Browser;
using RelayNovel.Web.Api;
using Xunit.Abstractions;

namespace RelayNovel.Tests.ClusterProcess;

/// <summary>
/// The real thing: <c>tools/cluster.sh up --nodes 2</c> starts Redis, PostgreSQL, an inference node, two web nodes and
/// nginx as separate processes; a room made through the balancer is written on node web1, stored in PostgreSQL and seen
/// live on web2 (its event stream and its hub clients, each event once); a browser on the balancer makes a room on the home page (a Blazor
/// circuit over a WebSocket through nginx) that both web nodes serve; the model API
/// through the balancer is served by the inference node (a web node refuses it); and <c>down</c> leaves none of the processes running.
/// </summary>
public sealed class ClusterScriptTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [ChromiumFact]
    public async Task ClusterScript_UpTwoWebNodes_TurnOnOneNodeLiveOnTheOtherAndDownStopsEveryProcess()
    {
        var script = new ClusterScript();
        var clock = Stopwatch.StartNew();
        IReadOnlyList<(string Name, int Pid)> stopped;
        try
        {
            await script.UpAsync(nodes: 2);
            output.WriteLine($"cluster up in {clock.Elapsed.TotalSeconds:F1} s");   // a figure, not a rule
            Assert.Equal(["inference", "postgres", "redis", "web1", "web2"], script.Nodes.Keys.Order(StringComparer.Ordinal));
            Assert.NotNull(script.Balancer);
            await TurnOnWeb1IsLiveOnWeb2Async(script);
            await BrowserThroughTheBalancerMakesARoomBothNodesServeAsync(script);
            await ModelApiThroughTheBalancerIsServedByTheInferenceNodeAsync(script);
        }
        finally
        {
            stopped = await script.DownAsync();
        }

        Assert.Equal(script.Nodes.Values.Select(n => n.Pid).Order(), stopped.Where(s => s.Name != "lb").Select(s => s.Pid).Order());
        Assert.Contains(stopped, s => s.Name == "lb");
        Assert.All(stopped, s => Assert.False(ClusterScript.IsRunning(s.Pid), $"{s.Name} (pid {s.Pid}) still runs after down"));
    }

    private static async Task TurnOnWeb1IsLiveOnWeb2Async(ClusterScript script)
    {
        using var balancer = new HttpClient { BaseAddress = script.Balancer, Timeout = Patience };
        using var web1 = new HttpClient { BaseAddress = script.Nodes["web1"].Url, Timeout = Patience };
        using var web2 = new HttpClient { BaseAddress = script.Nodes["web2"].Url, Timeout = Timeout.InfiniteTimeSpan };
        var created = await balancer.PostAsJsonAsync("/api/rooms", new { title = "두 노드 방", seatPlan = new[] { "human" }, turnTimerSeconds = 0 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("relaynovel_node=", string.Join(';', created.Headers.GetValues("Set-Cookie")), StringComparison.Ordinal);   // sticky
        var roomId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var joined = await balancer.PostAsJsonAsync($"/api/rooms/{roomId}/seats", new { name = "민지" });
        var key = (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantKey").GetString()!;

        using var deadline = new CancellationTokenSource(Patience);
        using var stream = await web2.GetStreamAsync(new Uri($"/api/rooms/{roomId}/events", UriKind.Relative), deadline.Token);
        using var sse = new StreamReader(stream);
        Assert.Equal("snapshot", (await NextEventAsync(sse, deadline.Token)).GetProperty("type").GetString());   // web2 follows the room now
        var hubEvents = Channel.CreateUnbounded<JsonElement>();
        await using var hubOnWeb2 = await JoinHubAsync(script.Nodes["web2"].Url, roomId, hubEvents.Writer);
        await using var hubOnWeb1 = await JoinHubAsync(script.Nodes["web1"].Url, roomId, null);   // web1 runs a hub feed of the room too

        string[] texts = ["첫 문장은 웹1에서 썼다.", "둘째 문장도 웹1에서 썼다."];
        foreach (var text in texts)
        {
            var turn = await web1.PostAsJsonAsync($"/api/rooms/{roomId}/turns", new { participantKey = key, text });
            Assert.Equal(HttpStatusCode.Created, turn.StatusCode);
            var committed = await NextOfTypeAsync(() => NextEventAsync(sse, deadline.Token), "turnCommitted");
            Assert.Contains(text, committed.GetRawText(), StringComparison.Ordinal);
        }

        // The hub client on web2 got both turns, and no event twice (the backplane spans the nodes; each node's feed
        // sends only to its own connections).
        var seen = new List<JsonElement>();
        while (seen.Count(e => e.GetProperty("type").GetString() == "turnCommitted") < texts.Length)
        {
            seen.Add(await hubEvents.Reader.ReadAsync(deadline.Token));
        }
        // A copy sent by the other node's feed would come through Redis after this node's own: nothing marks its
        // absence, so the stream is watched for a bounded while (3 s: copies came within ~1 s when groups spanned nodes).
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            while (true)
            {
                seen.Add(await hubEvents.Reader.ReadAsync(quiet.Token));
            }
        }
        catch (OperationCanceledException) when (quiet.IsCancellationRequested)
        {
            // the window closed
        }
        var seqs = seen.Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs.Distinct().Count(), seqs.Count);

        // Both turns are in the cluster's PostgreSQL (RelayNovel:Store=postgres), not in a node's own file.
        var postgres = script.Nodes["postgres"].Url;
        var connection = new NpgsqlConnectionStringBuilder
        {
            Host = postgres.Host, Port = postgres.Port, Username = "postgres", Database = postgres.AbsolutePath.Trim('/'),
        };
        await using var database = NpgsqlDataSource.Create(connection.ConnectionString);
        await using var count = database.CreateCommand("SELECT count(*) FROM turns WHERE room_id = $1");
        count.Parameters.Add(new NpgsqlParameter { Value = roomId });
        Assert.Equal(texts.Length, Convert.ToInt32(await count.ExecuteScalarAsync(deadline.Token), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Web nodes load no model: the balancer sends /v1 and /api/continue to the inference node, which writes.</summary>
    private static async Task ModelApiThroughTheBalancerIsServedByTheInferenceNodeAsync(ClusterScript script)
    {
        using var balancer = new HttpClient { BaseAddress = script.Balancer, Timeout = Patience };
        var inference = script.Nodes["inference"].Url;

        var completion = await balancer.PostAsJsonAsync("/v1/completions", new { prompt = "비가 내리는 밤,", max_tokens = 4, seed = 3 });
        var continued = await balancer.PostAsJsonAsync("/api/continue", new { text = "비가 내리는 밤,", maxTokens = 4, seed = 3 });
        using var web1 = new HttpClient { BaseAddress = script.Nodes["web1"].Url, Timeout = Patience };
        var direct = await web1.PostAsJsonAsync("/v1/completions", new { prompt = "비가 내리는 밤,", max_tokens = 4 });

        foreach (var answer in new[] { completion, continued })
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal($"{inference.Host}:{inference.Port}", Assert.Single(answer.Headers.GetValues("X-RelayNovel-Node")));
        }
        var text = (await completion.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0].GetProperty("text").GetString();
        Assert.False(string.IsNullOrEmpty(text));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, direct.StatusCode);   // a web node asked directly says where to go
    }

    private static async Task BrowserThroughTheBalancerMakesARoomBothNodesServeAsync(ClusterScript script)
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPersonAsync(script.Balancer!.ToString());
        await page.GotoAsync("/");
        await page.Locator("[data-testid=create-room]:not([disabled])").WaitForAsync();
        await page.Locator("input[data-testid=room-title]").FillAsync("브라우저 방");
        await page.Locator("[data-testid=create-room]").ClickAsync();
        try
        {
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/rooms/[A-Za-z0-9_-]{16,}$"), new() { Timeout = 60_000 });
        }
        catch (PlaywrightException ex)
        {
            throw new TimeoutException($"Creating the room through the balancer did not open it. The page said: {await page.Locator("body").InnerTextAsync()}", ex);
        }
        var roomId = page.Url.Split('/')[^1];
        await Assertions.Expect(page.Locator("[data-testid=room-title]")).ToHaveTextAsync("브라우저 방");

        foreach (var node in new[] { "web1", "web2" })
        {
            using var client = new HttpClient { BaseAddress = script.Nodes[node].Url, Timeout = Patience };
            var room = await client.GetFromJsonAsync<JsonElement>($"/api/rooms/{roomId}");
            Assert.Equal("브라우저 방", room.GetProperty("title").GetString());
        }
    }

    private static async Task<HubConnection> JoinHubAsync(Uri node, string roomId, ChannelWriter<JsonElement>? events)
    {
        var hub = new HubConnectionBuilder().WithUrl(new Uri(node, RoomHub.Path)).Build();
        if (events is not null)
        {
            hub.On<JsonElement>(RoomHub.EventMethod, e => events.TryWrite(e));
        }
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinRoom", roomId);
        return hub;
    }

    private static async Task<JsonElement> NextOfTypeAsync(Func<Task<JsonElement>> next, string type)
    {
        while (true)
        {
            var e = await next();
            if (e.GetProperty("type").GetString() == type)
            {
                return e;
            }
        }
    }

    /// <summary>The next event's JSON from an SSE stream (comments and id lines skipped).</summary>
    private static async Task<JsonElement> NextEventAsync(StreamReader sse, CancellationToken ct)
    {
        while (await sse.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                return JsonDocument.Parse(line["data:".Length..]).RootElement.Clone();
            }
        }
        throw new InvalidOperationException("The event stream ended.");
    }
}
