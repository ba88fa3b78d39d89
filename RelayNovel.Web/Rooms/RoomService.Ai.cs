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
            var ai = room.Ai ?? throw new RoomException(RoomErrorCode.AiBusy, "The AI isn't writing right now.");
            ai.Ticket?.Cancel();
            ai.Stop();
            CommitAi(room, ai, events, "stopped");
            return 0;
        });
        return Task.CompletedTask;
    }

    /// <summary>The writer who passed the baton to the AI (or the owner) throws the streamed text away and asks again.</summary>
    public Task RetryAiAsync(string roomId, string participantKey)
    {
        Mutate(roomId, (room, events) =>
        {
            var hash = string.IsNullOrEmpty(participantKey) ? "" : RoomKeys.Hash(participantKey);
            var previous = room.Turns.Count > 0 ? room.Turns[^1].SeatIndex : (int?)null;
            var isPreviousWriter = room.FindParticipant(hash) is { SeatIndex: { } seat } && seat == previous;
            if (!IsOwnerKey(room, hash) && !isPreviousWriter)
            {
                throw new RoomException(RoomErrorCode.Forbidden, "Only the writer before the AI, or the owner, can ask it to try again.");
            }
            var ai = room.Ai ?? throw new RoomException(RoomErrorCode.AiBusy, "There is no AI turn in progress to retry.");
            ai.Ticket?.Cancel();
            room.Ai = null;
            LogAiRetry(room.Id, ai.Seed);
            StartAiAttempt(room, events);
            return 0;
        });
        return Task.CompletedTask;
    }

    /// <summary>Starts the AI when the baton sits at an AI seat with nobody writing there yet (or skips it without a model).</summary>
    private void EnsureAi(Room room, List<RoomEvent> events)
    {
        var seat = room.BatonSeat;
        if (seat.Kind != SeatKind.Ai || room.Ai is not null || !TurnOrder.IsActive(room.Doc, seat.Index))
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
            StartAiAttempt(room, events);
        }
    }

    private void StartAiAttempt(Room room, List<RoomEvent> events)
    {
        var settings = room.Settings.Ai!;
        AiPrompt prompt;
        try
        {
            prompt = _model.Fit(Pinned(room.Doc.Settings), Story(room), settings.MaxTokens);
        }
        catch (Exception ex) when (ex is not RoomException)
        {
            LogAiFailed(ex, room.Id);
            SkipAi(room, $"The AI seat was skipped: {ex.Message}", events);
            return;
        }
        var ai = new AiTurn(room.Doc.BatonSeat, NextSeed(), prompt, settings, _model.ModelName);
        room.Ai = ai;
        room.LastAiMessage = null;
        Enqueue(room, ai);
        events.Add(new AiProgress(room.Id, ai.ToView()));
        events.Add(new QueueChanged(room.Id, ai.QueuePosition));
    }

    private void Enqueue(Room room, AiTurn ai)
    {
        if (_queue.TryEnqueue(room.Id, ct => RunAttemptAsync(room, ai, ct), ai.ReportPosition, out var ticket))
        {
            ai.Ticket = ticket;
            ai.WaitingForSlot = false;
            ai.QueuePosition = ticket.Position > 0 ? ticket.Position : null;
        }
        else
        {
            ai.WaitingForSlot = true;
            ai.QueuePosition = null;
            room.LastAiMessage = "Every AI slot is busy; the AI starts here as soon as one frees up.";
        }
    }

    /// <summary>Runs on the generation queue's consumer: writes at full speed; the room clock reveals and commits.</summary>
    private async Task RunAttemptAsync(Room room, AiTurn ai, CancellationToken ct)
    {
        var events = new List<RoomEvent>();
        lock (room.Gate)
        {
            if (room.Ai != ai)
            {
                return;
            }
            ai.State = AiStreamState.Streaming;
            ai.QueuePosition = null;
            events.Add(new QueueChanged(room.Id, null));
            events.Add(new AiProgress(room.Id, ai.ToView()));
        }
        Publish(events);
        try
        {
            await foreach (var chunk in _model.WriteAsync(ai.Prompt, ai.Settings, ai.Seed, ct).ConfigureAwait(false))
            {
                lock (room.Gate)
                {
                    if (room.Ai != ai)
                    {
                        return;   // stopped or retried: leaving the loop disposes the stream and ends generation
                    }
                    ai.Add(chunk);
                }
            }
            lock (room.Gate)
            {
                ai.Finish("EndOfStream", null);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Whoever cancelled (stop, retry, an emptied room, shutdown) already decided what happens to the turn.
        }
        catch (Exception ex)
        {
            LogAiFailed(ex, room.Id);
            lock (room.Gate)
            {
                ai.Finish("Error", ex.Message);
            }
        }
    }

    /// <summary>Commits the AI's shown text (its stream and how it was made go with it) and passes the baton.</summary>
    private void CommitAi(Room room, AiTurn ai, List<RoomEvent> events, string? note)
    {
        room.Ai = null;
        ai.Ticket?.Cancel();
        var text = ai.VisibleText.Trim();
        var kind = text.Length > 0 ? TurnKind.Ai : TurnKind.Skipped;
        room.LastAiMessage = ai.Failure is { } failure ? $"The AI's turn failed: {failure}"
            : kind == TurnKind.Skipped ? "The AI wrote nothing this time."
            : null;
        var turn = NewTurn(room, kind, text, room.BatonSeat.Name ?? "AI", note ?? room.LastAiMessage);
        turn.TokenChunks = [.. ai.Chunks.Take(ai.VisibleChunks).Select(c => new TokenChunkDocument
        {
            OffsetMs = c.Elapsed.TotalMilliseconds, Text = c.Text, Tokens = c.Tokens,
        })];
        turn.Model = ai.ModelName;
        turn.Sampler = SamplerDocument.From(ai.Settings);
        turn.Seed = ai.Seed;
        turn.FinishReason = ai.FinishReason;
        turn.ContextUsedTokens = ai.Prompt.UsedTokens;
        events.Add(new QueueChanged(room.Id, null));
        CommitTurn(room, turn, events);
    }

    private void SkipAi(Room room, string message, List<RoomEvent> events)
    {
        room.LastAiMessage = message;
        LogAiSkipped(room.Id, message);
        var turn = NewTurn(room, TurnKind.Skipped, "", room.BatonSeat.Name ?? "AI", message);
        turn.Model = _model.ModelName;
        CommitTurn(room, turn, events);
    }

    /// <summary>Never dropped from the prompt: the premise, then the author's note.</summary>
    private static string Pinned(SettingsDocument s) => string.IsNullOrEmpty(s.AuthorNote)
        ? s.Premise
        : string.IsNullOrEmpty(s.Premise) ? s.AuthorNote : s.Premise + "\n" + s.AuthorNote;

    /// <summary>The committed story; the prompt builder drops its oldest part when the context is full.</summary>
    private static string Story(Room room) =>
        string.Join("\n", room.Turns.Where(t => t.Text.Length > 0).Select(t => t.Text));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: the AI turn failed")]
    private partial void LogAiFailed(Exception ex, string roomId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Room {RoomId}: AI seat skipped ({Reason})")]
    private partial void LogAiSkipped(string roomId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Room {RoomId}: AI retry (previous seed {Seed})")]
    private partial void LogAiRetry(string roomId, int seed);
}
