using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Tests.Ops;

namespace RelayNovel.Tests.ClusterProcess;

/// <summary>
/// The per-client write budget in a cluster: two app nodes on one real Redis take from one budget per client address,
/// so a client cannot get twice the limit by spreading its writes over the nodes behind the balancer.
/// </summary>
public sealed class ClusterWriteLimitTests
{
    [Fact]
    public async Task Writes_SpreadOverTwoNodesOnOneRedis_OneBudgetPerClient()
    {
        var redis = RedisServer.Shared;
        var client = $"198.51.100.{Random.Shared.Next(1, 250).ToString(CultureInfo.InvariantCulture)}";   // its own budget in the shared server
        // Separate Orleans clusters (ids), so each node keeps its rooms in its own file: only the budget is shared.
        await using var nodeA = OpsApp.Start(null, Node(redis, "a"));
        await using var nodeB = OpsApp.Start(null, Node(redis, "b"));
        using var onA = nodeA.ClientFrom(client);
        using var onB = nodeB.ClientFrom(client);
        using var neighbourOnB = nodeB.ClientFrom("198.51.100.251");

        var statuses = new List<HttpStatusCode>();
        foreach (var node in new[] { onA, onB, onA, onB })
        {
            statuses.Add((await node.PostAsJsonAsync("/api/rooms", new { title = "한 예산 방" })).StatusCode);
        }
        var neighbour = await neighbourOnB.PostAsJsonAsync("/api/rooms", new { title = "이웃 방" });

        // Three writes per window in all: the fourth, wherever it lands, is refused.
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.Created, neighbour.StatusCode);
    }

    [Fact]
    public async Task Writes_ThroughALoopbackProxy_CountedPerForwardedClient()
    {
        // One write per window; the proxy (loopback) forwards two clients: each has its own budget.
        await using var app = OpsApp.Start(null, ("RelayNovel:Cluster:KnownProxies:0", "127.0.0.1"),
            ("RelayNovel:WritesPerWindow", "1"), ("RelayNovel:WriteWindowSeconds", "600"));
        using var proxy = app.ClientFrom("127.0.0.1");
        using var stranger = app.ClientFrom("203.0.113.99");   // not a known proxy: its X-Forwarded-For is not believed

        var first = await SendAsync(proxy, "203.0.113.1");
        var second = await SendAsync(proxy, "203.0.113.2");
        var firstAgain = await SendAsync(proxy, "203.0.113.1");
        var spoofed = await SendAsync(stranger, "203.0.113.3");
        var spoofedAgain = await SendAsync(stranger, "203.0.113.4");

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests],
            [first, second, firstAgain]);
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.TooManyRequests), (spoofed, spoofedAgain));
    }

    private static (string, string)[] Node(RedisServer redis, string name) =>
    [
        ("RelayNovel:Cluster:Redis", redis.Connection),
        ("RelayNovel:Cluster:ClusterId", $"limit-{name}-{Guid.NewGuid():N}"),
        ("RelayNovel:WritesPerWindow", "3"),
        ("RelayNovel:WriteWindowSeconds", "600"),
    ];

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rooms") { Content = JsonContent.Create(new { title = "프록시 뒤 방" }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await client.SendAsync(request)).StatusCode;
    }
}
