using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Cluster;

/// <summary>Web nodes on one machine join one room cluster through RelayNovel:Cluster (what a local cluster script sets).</summary>
public sealed class LocalClusterTests
{
    [Fact]
    public async Task TwoApps_SecondPointsAtTheFirstsSilo_FormOneClusterOfTwoSilos()
    {
        using var data = new TempDirectory();
        using var secondData = new TempDirectory();
        var primaryPort = FreePorts.Next();
        await using var first = RelayNovelAppFactory.On(data)
            .Set("RelayNovel:Cluster:SiloPort", primaryPort.ToString(CultureInfo.InvariantCulture));
        await using var second = RelayNovelAppFactory.On(secondData)
            .Set("RelayNovel:Cluster:PrimarySiloPort", primaryPort.ToString(CultureInfo.InvariantCulture));
        first.CreateClient().Dispose();   // starts the app and its silo
        second.CreateClient().Dispose();

        var management = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        await Deadline.UntilAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2, "the second node's silo to join the first's");

        var seenBySecond = await second.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(2, seenBySecond.Count);
    }
}
