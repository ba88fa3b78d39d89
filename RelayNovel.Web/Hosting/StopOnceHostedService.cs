namespace RelayNovel.Web.Hosting;

/// <summary>
/// Hands a hosted service's stop to it once. A host can be stopped twice (the test server stops it, then the app's
/// own <c>Run</c> stops it again as it returns), and a silo asked to stop while already stopped waits in one-second
/// steps for its status to settle: every test app paid that second.
/// </summary>
internal sealed class StopOnceHostedService(IHostedService inner) : IHostedService
{
    private readonly Lock _gate = new();
    private Task? _stopping;

    public Task StartAsync(CancellationToken cancellationToken) => inner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _stopping ??= inner.StopAsync(cancellationToken);
        }
    }
}
