using Microsoft.Extensions.Options;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Hosting;

/// <summary>Owns the one timer that drives every loaded room (turn timers, draft fan-out, AI pacing).</summary>
public sealed class RoomClock(RoomService rooms, IOptions<RelayNovelOptions> options, TimeProvider time) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        rooms.Flush();   // drafts are saved at most once a second; keep the last second too
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.ClockIntervalMs), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                rooms.Tick();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
