using System.Diagnostics.Metrics;
using System.Threading.Channels;
using RelayNovel.Web.Api;

namespace RelayNovel.Tests.Api;

/// <summary>
/// Watches one app's <see cref="ContinueMetrics"/> and holds its first /api/continue generation on the model's
/// thread right after the first token, until <see cref="Release"/>. The tiny test model can finish a whole
/// generation in milliseconds; holding it makes "the client left mid-generation" and "the queue is full" states
/// the test can reach deterministically instead of racing the model.
/// </summary>
public sealed class GenerationGate : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ManualResetEventSlim _release = new();
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<(int Tokens, string Finish)> _finished = Channel.CreateUnbounded<(int, string)>();
    private readonly Channel<bool> _left = Channel.CreateUnbounded<bool>();
    private int _holding;

    public GenerationGate(IMeterFactory appMeters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this app's meter: other tests' apps run in the same process.
            if (instrument.Meter.Name == ContinueMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, appMeters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, _, _, _) =>
        {
            if (instrument.Name == "relaynovel.continue.client_left")
            {
                _left.Writer.TryWrite(true);
            }
            else if (Interlocked.Exchange(ref _holding, 1) == 0)
            {
                _held.TrySetResult();
                _release.Wait(TimeSpan.FromSeconds(60));
            }
        });
        _listener.SetMeasurementEventCallback<int>((_, tokens, tags, _) =>
        {
            var finish = tags.ToArray().FirstOrDefault(t => t.Key == "finish").Value as string ?? "";
            _finished.Writer.TryWrite((tokens, finish));
        });
        _listener.Start();
    }

    /// <summary>Completes when the first generation is held after its first token.</summary>
    public Task Held => _held.Task.WaitAsync(TimeSpan.FromSeconds(60));

    public void Release() => _release.Set();

    /// <summary>The next generation to finish: its tokens and finish reason.</summary>
    public async Task<(int Tokens, string Finish)> NextFinishedAsync() =>
        await _finished.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>Completes when the server has noticed a client leave (after it cancelled that generation).</summary>
    public async Task ClientLeftAsync() => await _left.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));

    public void Dispose()
    {
        _release.Set();
        _listener.Dispose();
        _release.Dispose();
    }
}
