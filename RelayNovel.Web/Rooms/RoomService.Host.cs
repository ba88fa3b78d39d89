using RelayNovel.Inference.Scheduling;
using RelayNovel.Web.Rooms.Machine;

namespace RelayNovel.Web.Rooms;

/// <summary>How the host applies a command: rules under the room's lock, store, effects, then publish outside it.</summary>
public sealed partial class RoomService
{
    /// <summary>Applies a command to a room (looked up again if it was unloaded meanwhile) and gives the outcome.</summary>
    private RoomOutcome Run(string roomId, RoomCommand command, bool storeQuota = false)
    {
        while (true)
        {
            var room = Require(roomId);
            if (Execute(room, command, storeQuota) is { } outcome)
            {
                return outcome;
            }
        }
    }

    /// <summary>
    /// Applies <paramref name="command"/> under the room's lock, then publishes its events and fits the prompts it asked
    /// for outside the lock; null when the room had been unloaded.
    /// </summary>
    private RoomOutcome? Execute(Room room, RoomCommand command, bool storeQuota = false)
    {
        var events = new List<RoomEvent>();
        var fits = new List<AiStartRequest>();
        var context = Context(storeQuota ? 0 : null);
        RoomOutcome outcome;
        lock (room.Gate)
        {
            if (room.Unloaded)
            {
                return null;
            }
            outcome = ApplyLocked(room, command, context, events, fits);
        }
        Publish(events);
        foreach (var start in fits)
        {
            var fitted = AiPromptFitter.Fit(start, _model, ex => LogAiFailed(ex, room.Id));
            Execute(room, fitted);   // the rules start it if the room still wants it
        }
        return outcome;
    }

    /// <summary>
    /// The rules, then the store, then the effects that belong under the lock (engine requests are admitted here, as
    /// their answer changes the room). A store failure drops the room from memory, so the next use reloads the file.
    /// </summary>
    private RoomOutcome ApplyLocked(Room room, RoomCommand command, RoomContext context, List<RoomEvent> events, List<AiStartRequest> fits)
    {
        RoomOutcome outcome;
        try
        {
            outcome = _machine.Apply(room.State, command, context);
            if (outcome.Change is { } change)
            {
                _store.Apply(change);
            }
        }
        catch (Exception ex) when (ex is not RoomException)
        {
            Unload(room);
            throw;
        }
        events.AddRange(outcome.Events);
        foreach (var effect in outcome.Effects)
        {
            switch (effect)
            {
                case CancelAiGeneration cancel:
                    if (room.Generations.Remove(cancel.GenerationId, out var running))
                    {
                        running.Job?.Cancel();
                    }
                    break;
                case StartAiGeneration start:
                    StartGeneration(room, start, context, events, fits);
                    break;
                case FitAiPrompt fit:
                    fits.Add(fit.Request);
                    break;
            }
        }
        return outcome;
    }

    /// <summary>Admits the request and tells the rules at once (queued or refused); its stream then runs on its own.</summary>
    private void StartGeneration(Room room, StartAiGeneration start, RoomContext context, List<RoomEvent> events, List<AiStartRequest> fits)
    {
        var hosted = new HostedGeneration(start.GenerationId);
        var job = _model.TryStart(room.Id, GenerationLane.Room, start.Prompt, start.Settings, start.Seeds, hosted.ReportPosition);
        if (job is null)
        {
            ApplyLocked(room, new AiGenerationRefused(start.GenerationId), context, events, fits);
            return;
        }
        hosted.Job = job;
        room.Generations[start.GenerationId] = hosted;
        ApplyLocked(room, new AiGenerationQueued(start.GenerationId, job.Position), context, events, fits);
        _ = RunGenerationAsync(room, hosted, job);
    }

    /// <summary>Waits for the engine to start the request, then hands every alternative's chunks to the rules.</summary>
    private async Task RunGenerationAsync(Room room, HostedGeneration hosted, AiJob job)
    {
        await job.Started.ConfigureAwait(false);
        if (!Wanted(room, hosted))
        {
            return;
        }
        Execute(room, new AiGenerationStarted(hosted.Id));
        await Task.WhenAll(Enumerable.Range(0, job.Alternatives).Select(i => StreamAsync(room, hosted, job, i))).ConfigureAwait(false);
    }

    private async Task StreamAsync(Room room, HostedGeneration hosted, AiJob job, int candidate)
    {
        string reason = "EndOfStream";
        string? failure = null;
        try
        {
            await foreach (var chunk in job.ReadAsync(candidate).ConfigureAwait(false))
            {
                if (!Wanted(room, hosted))
                {
                    job.Cancel();
                    return;   // stopped or retried: the request leaves the engine at its next step
                }
                Execute(room, new AiTokens(hosted.Id, candidate, chunk));
            }
        }
        catch (OperationCanceledException)
        {
            // Whoever cancelled (stop, retry, an emptied room, shutdown) already decided what happens to the turn.
            reason = "Stopped";
        }
        catch (Exception ex)
        {
            LogAiFailed(ex, room.Id);
            (reason, failure) = ("Error", Backends.AiBackendException.PublicMessageOf(ex));   // the detail is in the log above
        }
        if (Wanted(room, hosted))
        {
            Execute(room, new AiGenerationEnded(hosted.Id, candidate, reason, failure));
        }
    }

    private static bool Wanted(Room room, HostedGeneration hosted)
    {
        lock (room.Gate)
        {
            return !room.Unloaded && room.Generations.ContainsKey(hosted.Id);
        }
    }

    private void Unload(Room room)
    {
        room.Unloaded = true;
        foreach (var generation in room.Generations.Values)
        {
            generation.Job?.Cancel();
        }
        room.Generations.Clear();
        if (_rooms.TryGetValue(room.Id, out var lazy) && lazy.IsValueCreated && ReferenceEquals(lazy.Value, room))
        {
            _rooms.TryRemove(new KeyValuePair<string, Lazy<Room?>>(room.Id, lazy));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: the AI turn failed")]
    private partial void LogAiFailed(Exception ex, string roomId);
}
