using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Scheduling;

namespace RelayNovel.Tests.Rooms;

/// <summary>
/// Counts the prompt prefills one app's batch engine completes: the engine records a time to first token once per
/// prefilled request (however many alternatives fork from it), on its own thread. The meter is process-wide, so only
/// measurements made on this engine's thread (learnt from its step observer) count: other tests' engines run on theirs.
/// </summary>
public sealed class EnginePrefills : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<int> _threads = new();
    private int _engineThread;

    public EnginePrefills(BatchScheduler engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        engine.StepObserver = _ => Volatile.Write(ref _engineThread, Environment.CurrentManagedThreadId);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GenerationMetrics.MeterName && instrument.Name == "relaynovel.ai.time_to_first_token")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => _threads.Enqueue(Environment.CurrentManagedThreadId));
        _listener.Start();
    }

    /// <summary>Prefills this engine has completed (call once it has stepped).</summary>
    public int Count
    {
        get
        {
            var engine = Volatile.Read(ref _engineThread);
            if (engine == 0)
            {
                throw new InvalidOperationException("The engine has not taken a step yet.");
            }
            return _threads.Count(t => t == engine);
        }
    }

    public void Dispose() => _listener.Dispose();
}
