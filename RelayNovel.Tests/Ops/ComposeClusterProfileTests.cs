using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace RelayNovel.Tests.Ops;

/// <summary>
/// docker-compose.yml's "cluster" profile has the shape of tools/cluster.sh: PostgreSQL, Redis, one inference node on
/// the GPU build with a GPU reserved, two web nodes sharing both, and a sticky balancer that is the only open port.
/// </summary>
public sealed class ComposeClusterProfileTests
{
    private static readonly string[] WebNodes = ["cluster-web1", "cluster-web2"];

    [Fact]
    public void Compose_ClusterProfile_HasPostgresRedisInferenceTwoWebNodesAndABalancer()
    {
        var services = DeploymentFiles.Compose().Map("services");
        var cluster = services.Children
            .Where(s => s.Value.Strings("profiles").Contains("cluster"))
            .Select(s => ((YamlScalarNode)s.Key).Value!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(["cluster-inference", "cluster-lb", "cluster-postgres", "cluster-redis", .. WebNodes], cluster);
        Assert.StartsWith("postgres:", services.Map("cluster-postgres").Scalar("image"), StringComparison.Ordinal);
        Assert.StartsWith("redis:", services.Map("cluster-redis").Scalar("image"), StringComparison.Ordinal);
        Assert.Empty(services.Children.Where(s => s.Value.Strings("profiles").Contains("cluster") && ((YamlScalarNode)s.Key).Value != "cluster-lb")
            .SelectMany(s => s.Value.Strings("ports")));   // only the balancer is reachable from outside
    }

    [Fact]
    public void Compose_ClusterInference_IsTheGpuBuildWithAGpuReserved()
    {
        var inference = DeploymentFiles.Compose().Map("services").Map("cluster-inference");

        Assert.Equal("runtime-gpu", inference.Map("build").Scalar("target"));
        Assert.Equal("true", inference.Map("build").Map("args").Scalar("ORT_GPU"));
        var devices = (YamlSequenceNode)inference.Map("deploy").Map("resources").Map("reservations").Children[new YamlScalarNode("devices")];
        var device = (YamlMappingNode)Assert.Single(devices.Children);
        Assert.Equal("nvidia", device.Scalar("driver"));
        Assert.Contains("gpu", device.Strings("capabilities"));
        var environment = inference.Map("environment");
        Assert.Equal(("inference", "Cuda"), (environment.Scalar("RelayNovel__Cluster__Role"), environment.Scalar("RelayNovel__ExecutionProvider")));
        AssertSharesTheCluster(environment, "cluster-inference");
    }

    [Fact]
    public void Compose_ClusterWebNodes_ShareStoreAndRedisTrustOnlyTheBalancerAndWaitForTheirServices()
    {
        var services = DeploymentFiles.Compose().Map("services");
        var balancerAddress = services.Map("cluster-lb").Map("networks").Map("cluster").Scalar("ipv4_address");

        foreach (var name in WebNodes)
        {
            var node = services.Map(name);
            var environment = node.Map("environment");
            Assert.Equal("web", environment.Scalar("RelayNovel__Cluster__Role"));
            Assert.Equal(balancerAddress, environment.Scalar("RelayNovel__Cluster__KnownProxies__0"));
            AssertSharesTheCluster(environment, name);
            Assert.Equal("runtime", node.Map("build").Scalar("target"));
            Assert.Contains("http://127.0.0.1:8080/health", node.Map("healthcheck").Strings("test"));
            var dependsOn = node.Map("depends_on");
            Assert.All(["cluster-postgres", "cluster-redis", "cluster-inference"], s => Assert.True(dependsOn.Children.ContainsKey(new YamlScalarNode(s)), $"{name} does not wait for {s}"));
        }
    }

    [Fact]
    public void Compose_ClusterBalancer_StickyWebSocketProxyToBothWebNodesOnLoopback()
    {
        var balancer = DeploymentFiles.Compose().Map("services").Map("cluster-lb");
        var mount = Assert.Single(balancer.Strings("volumes"), v => v.EndsWith(":/etc/nginx/nginx.conf:ro", StringComparison.Ordinal));
        var config = File.ReadAllText(Path.Combine(DeploymentFiles.RepositoryRoot, mount.Split(':')[0]));

        Assert.Equal(["${RELAYNOVEL_BIND:-127.0.0.1}:8090:8080"], balancer.Strings("ports"));
        Assert.Contains("hash $relaynovel_node consistent;", config, StringComparison.Ordinal);   // sticky
        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", config, StringComparison.Ordinal);   // WebSockets
        Assert.Contains("proxy_buffering off;", config, StringComparison.Ordinal);   // SSE as it happens
        Assert.Contains("X-Forwarded-For", config, StringComparison.Ordinal);
        Assert.All(WebNodes, n => Assert.Contains($"server {n}:8080;", config, StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_ClusterBalancer_SendsTheModelApiToTheInferenceNode()
    {
        var balancer = DeploymentFiles.Compose().Map("services").Map("cluster-lb");
        var config = File.ReadAllText(Path.Combine(DeploymentFiles.RepositoryRoot, "deploy", "cluster-nginx.conf"));

        // Web nodes load no model: /v1 and /api/continue must reach the node that runs the engine, and only those.
        var upstream = Regex.Match(config, @"upstream relaynovel_inference \{([^}]*)\}").Groups[1].Value;
        Assert.Contains("server cluster-inference:8080;", upstream, StringComparison.Ordinal);
        Assert.DoesNotContain("cluster-web", upstream, StringComparison.Ordinal);
        var location = Regex.Match(config, @"location ~ (\S+) \{[^}]*proxy_pass http://relaynovel_inference;");
        Assert.True(location.Success, "no location sends requests to relaynovel_inference");
        var routed = new Regex(location.Groups[1].Value);
        Assert.All(["/v1/completions", "/v1/chat/completions", "/v1/models", "/api/continue"], p => Assert.Matches(routed, p));
        Assert.All(["/", "/api/rooms", "/api/continue-later", "/rooms/abc", "/hubs/room"], p => Assert.DoesNotMatch(routed, p));
        Assert.True(balancer.Map("depends_on").Children.ContainsKey(new YamlScalarNode("cluster-inference")));
    }

    private static void AssertSharesTheCluster(YamlMappingNode environment, string name)
    {
        Assert.Equal("postgres", environment.Scalar("RelayNovel__Store"));
        Assert.Contains("Host=cluster-postgres;", environment.Scalar("RelayNovel__PostgresConnection"), StringComparison.Ordinal);
        Assert.Equal("cluster-redis:6379", environment.Scalar("RelayNovel__Cluster__Redis"));
        Assert.Equal(name, environment.Scalar("RelayNovel__Cluster__AdvertisedHost"));   // its own address to the other silos
    }
}
