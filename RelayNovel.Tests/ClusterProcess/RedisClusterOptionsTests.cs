using System.Net;
using Microsoft.Extensions.Configuration;
using RelayNovel.Web.Hosting;

namespace RelayNovel.Tests.ClusterProcess;

/// <summary>The "RelayNovel:Cluster" settings a cluster adds, as the environment of tools/cluster.sh and Compose sets them.</summary>
public sealed class RedisClusterOptionsTests
{
    [Fact]
    public void From_EnvironmentStyleKeys_ReadsRedisHostAndProxies()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RelayNovel:Cluster:Redis"] = "127.0.0.1:6390",
            ["RelayNovel:Cluster:AdvertisedHost"] = "web1",
            ["RelayNovel:Cluster:KnownProxies:0"] = "172.28.0.10",
            ["RelayNovel:Cluster:SiloPort"] = "11112",
        }).Build();

        var options = RedisClusterOptions.From(configuration);

        Assert.Equal(("127.0.0.1:6390", "web1", true, true), (options.Redis, options.AdvertisedHost, options.IsCluster, options.ReadsForwardedHeaders));
        Assert.Equal(["172.28.0.10"], options.KnownProxies);
    }

    [Fact]
    public void From_NoClusterSettings_IsTheSingleProcess()
    {
        var options = RedisClusterOptions.From(new ConfigurationBuilder().Build());

        Assert.False(options.IsCluster);
        Assert.False(options.ReadsForwardedHeaders);
    }

    [Fact]
    public void From_ProxiesWithoutRedis_ReadsForwardedHeadersOnly()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RelayNovel:Cluster:KnownProxies:0"] = "127.0.0.1",
        }).Build();

        var options = RedisClusterOptions.From(configuration);

        Assert.Equal((false, true), (options.IsCluster, options.ReadsForwardedHeaders));
    }

    [Theory]
    [InlineData(null, "127.0.0.1")]
    [InlineData("", "127.0.0.1")]
    [InlineData("10.1.2.3", "10.1.2.3")]
    [InlineData("localhost", "127.0.0.1")]
    public void AdvertisedAddress_HostOrIp_IsTheSilosAddress(string? host, string expected)
    {
        Assert.Equal(IPAddress.Parse(expected), ClusterServices.AdvertisedAddress(host));
    }
}
