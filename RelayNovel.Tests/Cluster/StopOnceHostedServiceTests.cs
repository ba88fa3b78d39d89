using Microsoft.Extensions.Hosting;
using RelayNovel.Web.Hosting;

namespace RelayNovel.Tests.Cluster;

/// <summary>The silo's hosted service hears one stop, however often the host is stopped.</summary>
public sealed class StopOnceHostedServiceTests
{
    [Fact]
    public async Task StopAsync_HostStoppedTwice_InnerServiceStopsOnceAndBothWaitForIt()
    {
        var inner = new CountingService();
        var service = new StopOnceHostedService(inner);
        await service.StartAsync(CancellationToken.None);

        var first = service.StopAsync(CancellationToken.None);
        var second = service.StopAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);   // the second stop waits for the first one's work
        inner.Stopped.SetResult();
        await Task.WhenAll(first, second);

        Assert.Equal(1, inner.Starts);
        Assert.Equal(1, inner.Stops);
    }

    private sealed class CountingService : IHostedService
    {
        public int Starts { get; private set; }

        public int Stops { get; private set; }

        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Starts++;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Stops++;
            return Stopped.Task;
        }
    }
}
