using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.ClusterProcess;

/// <summary>
/// Data Protection keys in Redis: what one node protects (Blazor's circuit state, antiforgery tokens) another node of
/// the same cluster reads; a node of another Redis cannot.
/// </summary>
public sealed class ClusterDataProtectionTests
{
    [Fact]
    public async Task Protect_OnOneNode_UnprotectedOnAnotherNodeOfTheSameRedisOnly()
    {
        var redis = RedisServer.Shared;
        await using var nodeA = Node(redis.Connection);
        await using var nodeB = Node(redis.Connection);
        using var otherRedis = RedisServer.Start();
        await using var otherCluster = Node(otherRedis.Connection);   // same app name, same machine: only Redis differs
        const string purpose = "Microsoft.AspNetCore.Components.Server.CircuitIdFactory";

        var secret = Protector(nodeA, purpose).Protect("회로 상태");

        Assert.Equal("회로 상태", Protector(nodeB, purpose).Unprotect(secret));
        Assert.ThrowsAny<CryptographicException>(() => Protector(otherCluster, purpose).Unprotect(secret));
    }

    private static RelayNovelAppFactory Node(string redis) => new RelayNovelAppFactory()
        .Set("RelayNovel:Cluster:Redis", redis)
        .Set("RelayNovel:Cluster:ClusterId", "keys-" + Guid.NewGuid().ToString("N"));   // separate silos: only the keys are shared

    private static IDataProtector Protector(RelayNovelAppFactory app, string purpose) =>
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose);
}
