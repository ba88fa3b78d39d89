using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>When the AI seat writes, how an attempt starts from its fitted prompt, and how its text becomes a turn.</summary>
internal static class AiRules
{
    /// <summary>Anyone seated (or the owner) stops the AI: what has been shown so far becomes its turn.</summary>
    public static void Stop(RoomStep s, string participantKey)
    {
        var room = s.State;
        if (!OwnerRules.IsSeatedOrOwner(room, OwnerRules.HashOf(participantKey)))
        {
            throw new RoomException(RoomErrorCode.Forbidden, "Only seated writers can stop the AI.");
        }
        if (room.Vote is { } vote)
        {
            // Each alternative ends where it was shown; the vote goes on.
            s.Effect(new CancelAiGeneration(vote.GenerationId));
            vote.StopAll();
            s.Emit(new VoteChanged(room.Id, vote.ToView()));
            return;
        }
        var ai = room.Ai ?? throw new RoomException(RoomErrorCode.AiBusy, "The AI isn't writing right now.");
        TurnRules.RequireRoomSpace(room);
        ai.Stop();
        CommitAi(s, ai, "stopped");
    }

    /// <summary>Starts the AI when the baton sits at an AI seat with nobody writing there yet (or skips it without a model).</summary>
    public static void EnsureAi(RoomStep s)
    {
        var room = s.State;
        var seat = room.BatonSeat;
        if (seat.Kind != SeatKind.Ai || room.Ai is not null || room.Vote is not null || room.PendingAiStart is not null
            || !TurnOrder.IsActive(room.Doc, seat.Index)
            || room.StorageFull)   // a full room takes no more turns, the AI's included
        {
            return;
        }
        if (s.Context.ModelUnavailableReason is { } reason)
        {
            SkipAi(s, $"The AI seat was skipped: {reason}");   // commits, and that moves the baton on
            return;
        }
        if (PresenceRules.Attended(s))
        {
            RequestStart(s, alternatives: 0);
        }
    }

    /// <summary>Decides on an AI start (replacing one not yet started); the host fits its prompt and answers with <see cref="AiPromptFitted"/>.</summary>
    public static void RequestStart(RoomStep s, int alternatives)
    {
        var room = s.State;
        var doc = room.Doc;
        var start = new AiStartRequest(++room.LastAiId, doc.BatonSeat, doc.TurnCount, alternatives, room.Settings.Ai!.MaxTokens,
            doc.Settings.Premise, doc.Settings.AuthorNote, [.. doc.Glossary], Story(room), room.PinnedCount);
        room.PendingAiStart = start;
        s.Effect(new FitAiPrompt(start));
    }

    /// <summary>
    /// The host fitted a start's prompt: it starts if the room still wants it (same seat, same turn, nothing else
    /// started meanwhile); a replaced start is ignored (its replacement is being fitted); otherwise the room decides again.
    /// </summary>
    public static void PromptFitted(RoomStep s, AiPromptFitted fitted)
    {
        var room = s.State;
        if (room.PendingAiStart is not { } start || start.StartId != fitted.StartId)
        {
            return;
        }
        room.PendingAiStart = null;
        if (room.Ai is null && room.Vote is null && room.Doc.BatonSeat == start.Seat && room.Doc.TurnCount == start.TurnCount)
        {
            Apply(s, start, fitted);
        }
        else
        {
            EnsureAi(s);
        }
    }

    /// <summary>Starts the attempt or the vote with its fitted prompt; a prompt that could not be built skips the AI seat.</summary>
    private static void Apply(RoomStep s, AiStartRequest start, AiPromptFitted fitted)
    {
        var room = s.State;
        room.PinnedCount = fitted.PinnedCount;
        if (fitted is not { Prompt: { } prompt, Memory: { } memory })
        {
            var message = $"The AI seat was skipped: {fitted.Failure ?? "The prompt could not be built."}";
            if (fitted.ContextShortfall)
            {
                // The settings can't be served (max tokens plus the pinned memory exceed the model's context): pages say
                // so in plain words from the shortfall, and the skipped turn can be retried once the settings changed.
                var context = s.Context.UsableContext;
                room.LastAiShortfall = (message, new AiContextShortfall(start.MaxTokens, context, RoomSettingsRules.MaxTokensFor(context)));
                room.LastAiAttempt = null;
            }
            if (!room.StorageFull)
            {
                SkipAi(s, message);
            }
            return;
        }
        room.LastPromptText = prompt.Text;
        if (start.Alternatives > 0)
        {
            VoteRules.Start(s, prompt, memory, start.Alternatives);
            return;
        }
        var ai = new AiTurn(room.Doc.BatonSeat, s.NextSeed(), prompt, room.Settings.Ai!, s.Context.ModelName) { Memory = memory };
        room.Ai = ai;
        room.LastAiAttempt = ai;
        room.LastAiMessage = null;
        ai.GenerationId = ++room.LastAiId;
        s.Effect(new StartAiGeneration(ai.GenerationId, ai.Prompt, ai.Settings, [ai.Seed]));
        s.Emit(new AiProgress(room.Id, ai.ToView()));
    }

    /// <summary>
    /// Commits the AI's shown text (its stream and how it was made go with it) and passes the baton. After a vote,
    /// the winner's voters go with it and the other candidates become the turn's alternatives: one turn, one change.
    /// </summary>
    public static void CommitAi(RoomStep s, AiTurn ai, string? note, AiVote? vote = null)
    {
        var room = s.State;
        TurnRules.RequireRoomSpace(room);
        DropAi(s);
        var text = ai.VisibleText.Trim();
        var kind = text.Length > 0 ? TurnKind.Ai : TurnKind.Skipped;
        room.LastAiMessage = ai.Failure is { } failure ? $"The AI's turn failed: {failure}"
            : kind == TurnKind.Skipped ? "The AI wrote nothing this time."
            : null;
        var turn = TurnRules.NewTurn(s, kind, text, room.BatonSeat.Name ?? "AI", note ?? room.LastAiMessage);
        turn.TokenChunks = ai.ShownChunks();
        turn.Model = ai.ModelName;
        turn.Sampler = SamplerRecord.From(ai.Settings);
        turn.Seed = ai.Seed;
        turn.FinishReason = ai.FinishReason;
        turn.ContextUsedTokens = ai.Prompt.UsedTokens;
        if (vote is not null)
        {
            for (var i = 0; i < vote.Candidates.Count; i++)
            {
                var votes = VoteRules.VotesFor(vote, i);
                if (ReferenceEquals(vote.Candidates[i], ai))
                {
                    turn.Votes = votes;
                }
                else
                {
                    turn.Alternatives.Add(vote.Candidates[i].ToAlternative(AlternativeOrigin.Vote, s.NowMs, votes));
                }
            }
        }
        s.Emit(new QueueChanged(room.Id, null));
        TurnRules.CommitTurn(s, turn);
    }

    /// <summary>Ends whatever the AI seat is doing (one attempt or a vote) without committing anything.</summary>
    public static void DropAi(RoomStep s)
    {
        var room = s.State;
        room.PendingAiStart = null;
        if (room.Ai is { } ai)
        {
            s.Effect(new CancelAiGeneration(ai.GenerationId));
        }
        if (room.Vote is { } vote)
        {
            s.Effect(new CancelAiGeneration(vote.GenerationId));
        }
        room.Ai = null;
        room.Vote = null;
    }

    private static void SkipAi(RoomStep s, string message)
    {
        var room = s.State;
        room.LastAiMessage = message;
        var turn = TurnRules.NewTurn(s, TurnKind.Skipped, "", room.BatonSeat.Name ?? "AI", message);
        turn.Model = s.Context.ModelName;
        TurnRules.CommitTurn(s, turn);
    }

    /// <summary>The story so far (withdrawn and skipped turns are history, not story); the prompt builder drops its oldest part when the context is full.</summary>
    public static string Story(RoomState room) =>
        string.Join("\n", room.Turns.Where(t => t.IsStory && t.Text.Length > 0).Select(t => t.Text));
}
