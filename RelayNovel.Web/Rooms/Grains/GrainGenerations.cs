using RelayNovel.Web.Rooms.Generation;
using RelayNovel.Web.Rooms.Machine;

namespace RelayNovel.Web.Rooms.Grains;

/// <summary>
/// The engine requests one room activation runs for its rules. Each request's stream is read by a loop that hands
/// every chunk back to the grain as a command through <paramref name="deliver"/> (a call to the grain itself, so the
/// chunk is applied in turn with every other call, never beside one). Owned by the grain: touched on its scheduler only.
/// </summary>
internal sealed partial class GrainGenerations(string roomId, IGenerationEngine engine, Func<RoomCommand, Task> deliver, ILogger logger)
{
    private readonly Dictionary<long, HostedGeneration> _running = [];

    /// <summary>Asks the engine; the answer (queued or refused) is for the rules, which the caller tells at once.</summary>
    public RoomCommand Start(StartAiGeneration start)
    {
        var hosted = new HostedGeneration(start.GenerationId);
        var job = engine.TryStart(roomId, start.Prompt, start.Settings, start.Seeds, hosted.ReportPosition);
        if (job is null)
        {
            return new AiGenerationRefused(start.GenerationId);
        }
        hosted.Job = job;
        _running[start.GenerationId] = hosted;
        _ = PumpAsync(hosted, job);
        return new AiGenerationQueued(start.GenerationId, job.Position);
    }

    public void Cancel(long generationId)
    {
        if (_running.Remove(generationId, out var hosted))
        {
            hosted.Job?.Cancel();
        }
    }

    /// <summary>Every request stops (the activation is going away); their late chunks are dropped.</summary>
    public void CancelAll()
    {
        foreach (var hosted in _running.Values)
        {
            hosted.Job?.Cancel();
        }
        _running.Clear();
    }

    /// <summary>Places in line reported by the engine since the last beat (the clock hands them to the rules).</summary>
    public List<AiQueuePosition> TakePositions() =>
        [.. _running.Values.Select(g => (g.Id, Position: g.TakeReportedPosition()))
            .Where(p => p.Position >= 0)
            .Select(p => new AiQueuePosition(p.Id, p.Position))];

    private bool Wanted(HostedGeneration hosted) => _running.ContainsKey(hosted.Id);

    // Runs on the grain's scheduler (no ConfigureAwait(false)): it reads the registry between the grain's calls.
    private async Task PumpAsync(HostedGeneration hosted, AiJob job)
    {
        try
        {
            await job.Started;
            if (!Wanted(hosted))
            {
                return;
            }
            await deliver(new AiGenerationStarted(hosted.Id));
            // Alternatives of a vote stream side by side; each one's chunks stay in order.
            await Task.WhenAll(Enumerable.Range(0, job.Alternatives).Select(i => StreamAsync(hosted, job, i)));
        }
        catch (Exception ex)
        {
            // The grain is going away (its calls fail): the next activation starts the turn again from the store.
            LogPumpEnded(logger, ex, roomId);
        }
    }

    private async Task StreamAsync(HostedGeneration hosted, AiJob job, int candidate)
    {
        var reason = "EndOfStream";
        string? failure = null;
        try
        {
            await foreach (var chunk in job.ReadAsync(candidate))
            {
                if (!Wanted(hosted))
                {
                    job.Cancel();
                    return;   // stopped or retried: the request leaves the engine at its next step
                }
                await deliver(new AiTokens(hosted.Id, candidate, chunk));
            }
        }
        catch (OperationCanceledException)
        {
            reason = "Stopped";   // whoever cancelled already decided what happens to the turn
        }
        catch (Exception ex) when (ex is not OrleansException)
        {
            LogAiFailed(logger, ex, roomId);
            (reason, failure) = ("Error", Backends.AiBackendException.PublicMessageOf(ex));
        }
        if (Wanted(hosted))
        {
            await deliver(new AiGenerationEnded(hosted.Id, candidate, reason, failure));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: the AI turn failed")]
    private static partial void LogAiFailed(ILogger logger, Exception ex, string roomId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId}: an AI stream stopped with its activation")]
    private static partial void LogPumpEnded(ILogger logger, Exception ex, string roomId);
}
