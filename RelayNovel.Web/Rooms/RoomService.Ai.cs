using RelayNovel.Inference.Scheduling;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms;

public sealed partial class RoomService
{
    /// <summary>Anyone seated (or the owner) stops the AI: what has been shown so far becomes its turn.</summary>
    public Task StopAiAsync(string roomId, string participantKey)
    {
        Mutate(roomId, (room, events) =>
        {
            var hash = string.IsNullOrEmpty(participantKey) ? "" : RoomKeys.Hash(participantKey);
            if (!IsOwnerKey(room, hash) && room.FindParticipant(hash) is not { SeatIndex: not null })
            {
                throw new RoomException(RoomErrorCode.Forbidden, "Only seated writers can stop the AI.");
            }
            if (room.Vote is { } vote)
            {
                // Each alternative ends where it was shown; the vote goes on.
                vote.StopAll();
                events.Add(new VoteChanged(room.Id, vote.ToView()));
                return 0;
            }
            var ai = room.Ai ?? throw new RoomException(RoomErrorCode.AiBusy, "The AI isn't writing right now.");
            ai.Ticket?.Cancel();
            ai.Stop();
            CommitAi(room, ai, events, "stopped");
            return 0;
        });
        return Task.CompletedTask;
    }

    /// <summary>Starts the AI when the baton sits at an AI seat with nobody writing there yet (or skips it without a model).</summary>
    private void EnsureAi(Room room, List<RoomEvent> events)
    {
        var seat = room.BatonSeat;
        if (seat.Kind != SeatKind.Ai || room.Ai is not null || room.Vote is not null || room.PendingAiStart is not null
            || !TurnOrder.IsActive(room.Doc, seat.Index)
            || room.StorageFull)   // a full room takes no more turns, the AI's included
        {
            return;
        }
        if (_model.UnavailableReason is { } reason)
        {
            SkipAi(room, $"The AI seat was skipped: {reason}", events);   // commits, and that moves the baton on
            return;
        }
        if (Attended(room, Now()))
        {
            StartAiAttempt(room);
        }
    }

    /// <summary>
    /// Decides on one AI attempt (the caller holds the room's lock): its prompt is fitted by
    /// <see cref="StartPendingAi"/> once the lock is released, and the attempt starts then.
    /// </summary>
    private static void StartAiAttempt(Room room) => RequestAiStart(room, alternatives: 0);

    /// <summary>Records the start the room wants, replacing one not yet started.</summary>
    private static void RequestAiStart(Room room, int alternatives) =>
        room.PendingAiStart = new AiStart(room, Story(room), alternatives);

    /// <summary>
    /// Fits the prompt of the room's pending AI start without holding its lock, then, back under the lock, starts it
    /// if the room still wants it (same seat, same turn, nothing else started meanwhile). Called after every change
    /// that may have decided on a start; a skip that moves the baton to another AI seat is followed in the same call.
    /// </summary>
    private void StartPendingAi(Room room)
    {
        while (true)
        {
            AiStart? start;
            lock (room.Gate)
            {
                start = room.PendingAiStart;
            }
            if (start is null || !start.TryTake())
            {
                return;   // none, or another caller is fitting it
            }
            var prepared = start.Prepare(_model);
            var events = new List<RoomEvent>();
            lock (room.Gate)
            {
                if (room.Unloaded || room.PendingAiStart != start)
                {
                    return;   // dropped or replaced: whoever replaced it starts its own
                }
                room.PendingAiStart = null;
                try
                {
                    if (room.Ai is null && room.Vote is null && room.Doc.BatonSeat == start.Seat && room.Doc.TurnCount == start.TurnCount)
                    {
                        ApplyAiStart(room, start, prepared, events);
                    }
                    else
                    {
                        EnsureAi(room, events);   // the room moved on without dropping it: decide again
                    }
                }
                catch (Exception ex) when (ex is not RoomException)
                {
                    // A store failure: reload from the file on next use rather than run on with diverged state.
                    LogAiFailed(ex, room.Id);
                    Unload(room);
                    return;
                }
            }
            Publish(events);
        }
    }

    /// <summary>Starts the attempt or the vote with its fitted prompt; a prompt that could not be built skips the AI seat.</summary>
    private void ApplyAiStart(Room room, AiStart start, AiStartPrompt prepared, List<RoomEvent> events)
    {
        room.PinnedCount = prepared.PinnedCount;
        if (prepared is not { Prompt: { } prompt, Memory: { } memory })
        {
            var failure = prepared.Failure ?? new InvalidOperationException("The prompt could not be built.");
            LogAiFailed(failure, room.Id);
            var message = $"The AI seat was skipped: {Backends.AiBackendException.PublicMessageOf(failure)}";
            if (failure is ArgumentException)
            {
                // The settings can't be served (max tokens plus the pinned memory exceed the model's context): pages say
                // so in plain words from the shortfall, and the skipped turn can be retried once the settings changed.
                room.LastAiShortfall = (message, new AiContextShortfall(start.MaxTokens, ModelContext(), MaxAiTokens));
                room.LastAiAttempt = null;
            }
            SkipAi(room, message, events);
            return;
        }
        room.LastPromptText = prompt.Text;
        if (start.Alternatives > 0)
        {
            StartVote(room, prompt, memory, start.Alternatives, events);
            return;
        }
        var ai = new AiTurn(room.Doc.BatonSeat, NextSeed(), prompt, room.Settings.Ai!, _model.ModelName) { Memory = memory };
        room.Ai = ai;
        room.LastAiAttempt = ai;
        room.LastAiMessage = null;
        Enqueue(room, ai);
        events.Add(new AiProgress(room.Id, ai.ToView()));
        events.Add(new QueueChanged(room.Id, ai.QueuePosition));
    }

    private void Enqueue(Room room, AiTurn ai)
    {
        if (_model.TryStart(room.Id, GenerationLane.Room, ai.Prompt, ai.Settings, [ai.Seed], ai.ReportPosition) is { } job)
        {
            ai.Ticket = job;
            ai.WaitingForSlot = false;
            ai.QueuePosition = job.Position > 0 ? job.Position : null;
            _ = RunAttemptAsync(room, ai, job);
        }
        else
        {
            ai.WaitingForSlot = true;
            ai.QueuePosition = null;
        }
    }

    /// <summary>Waits for the engine to start the request, then takes its chunks; the room clock reveals and commits.</summary>
    private async Task RunAttemptAsync(Room room, AiTurn ai, AiJob job)
    {
        await job.Started.ConfigureAwait(false);
        var events = new List<RoomEvent>();
        lock (room.Gate)
        {
            if (room.Ai != ai || ai.Ticket != job)
            {
                return;
            }
            ai.State = AiStreamState.Streaming;
            ai.QueuePosition = null;
            events.Add(new QueueChanged(room.Id, null));
            events.Add(new AiProgress(room.Id, ai.ToView()));
        }
        Publish(events);
        await StreamIntoAsync(room, ai, job.ReadAsync(0), () => room.Ai == ai).ConfigureAwait(false);
    }

    /// <summary>Writes one attempt's chunks while <paramref name="wanted"/> (checked under the room's lock) holds.</summary>
    private async Task StreamIntoAsync(Room room, AiTurn ai, IAsyncEnumerable<AiChunk> chunks, Func<bool> wanted)
    {
        try
        {
            await foreach (var chunk in chunks.ConfigureAwait(false))
            {
                lock (room.Gate)
                {
                    if (!wanted())
                    {
                        ai.Ticket?.Cancel();
                        return;   // stopped or retried: the request leaves the engine at its next step
                    }
                    ai.Add(chunk);
                }
            }
            lock (room.Gate)
            {
                ai.Finish("EndOfStream", null);
            }
        }
        catch (OperationCanceledException)
        {
            // Whoever cancelled (stop, retry, an emptied room, shutdown) already decided what happens to the turn.
            lock (room.Gate)
            {
                ai.Finish("Stopped", null);
            }
        }
        catch (Exception ex)
        {
            LogAiFailed(ex, room.Id);
            lock (room.Gate)
            {
                ai.Finish("Error", Backends.AiBackendException.PublicMessageOf(ex));   // the detail is in the log above
            }
        }
    }

    /// <summary>
    /// Commits the AI's shown text (its stream and how it was made go with it) and passes the baton. After a vote,
    /// the winner's voters go with it and the other candidates become the turn's alternatives.
    /// </summary>
    private void CommitAi(Room room, AiTurn ai, List<RoomEvent> events, string? note, AiVote? vote = null)
    {
        DropAi(room);
        var text = ai.VisibleText.Trim();
        var kind = text.Length > 0 ? TurnKind.Ai : TurnKind.Skipped;
        room.LastAiMessage = ai.Failure is { } failure ? $"The AI's turn failed: {failure}"
            : kind == TurnKind.Skipped ? "The AI wrote nothing this time."
            : null;
        var turn = NewTurn(room, kind, text, room.BatonSeat.Name ?? "AI", note ?? room.LastAiMessage);
        turn.TokenChunks = ai.ShownChunks();
        turn.Model = ai.ModelName;
        turn.Sampler = SamplerRecord.From(ai.Settings);
        turn.Seed = ai.Seed;
        turn.FinishReason = ai.FinishReason;
        turn.ContextUsedTokens = ai.Prompt.UsedTokens;
        if (vote is not null)
        {
            var now = Now().ToUnixTimeMilliseconds();
            for (var i = 0; i < vote.Candidates.Count; i++)
            {
                var votes = VotesFor(vote, i);
                if (ReferenceEquals(vote.Candidates[i], ai))
                {
                    turn.Votes = votes;
                }
                else
                {
                    turn.Alternatives.Add(vote.Candidates[i].ToAlternative(AlternativeOrigin.Vote, now, votes));
                }
            }
        }
        events.Add(new QueueChanged(room.Id, null));
        CommitTurn(room, turn, events);
    }

    /// <summary>Ends whatever the AI seat is doing (one attempt or a vote) without committing anything.</summary>
    private static void DropAi(Room room)
    {
        room.PendingAiStart = null;
        room.Ai?.Ticket?.Cancel();
        room.Ai = null;
        room.Vote?.Cancel();
        room.Vote = null;
    }

    private void SkipAi(Room room, string message, List<RoomEvent> events)
    {
        room.LastAiMessage = message;
        LogAiSkipped(room.Id, message);
        var turn = NewTurn(room, TurnKind.Skipped, "", room.BatonSeat.Name ?? "AI", message);
        turn.Model = _model.ModelName;
        CommitTurn(room, turn, events);
    }

    /// <summary>The story so far (withdrawn and skipped turns are history, not story); the prompt builder drops its oldest part when the context is full.</summary>
    private static string Story(Room room) =>
        string.Join("\n", room.Turns.Where(t => t.IsStory && t.Text.Length > 0).Select(t => t.Text));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: the AI turn failed")]
    private partial void LogAiFailed(Exception ex, string roomId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId}: AI seat skipped ({Reason})")]
    private partial void LogAiSkipped(string roomId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId}: AI retry (previous seed {Seed})")]
    private partial void LogAiRetry(string roomId, int seed);
}
