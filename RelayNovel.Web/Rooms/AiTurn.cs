using System.Text;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms;

/// <summary>
/// One attempt at an AI turn: queued, then generated at full speed into <see cref="Chunks"/>, while the room's
/// pacer reveals them into <see cref="VisibleText"/>. Part of the room's state (<see cref="Machine.RoomState"/>).
/// </summary>
public sealed class AiTurn(int seatIndex, int seed, AiPrompt prompt, AiSettings settings, string modelName)
{
    private readonly StringBuilder _visible = new();

    public int SeatIndex { get; } = seatIndex;
    public int Seed { get; } = seed;
    public AiPrompt Prompt { get; } = prompt;
    public AiSettings Settings { get; } = settings;
    public string ModelName { get; } = modelName;

    /// <summary>What went into the prompt, for the context meter.</summary>
    public PromptMemoryView? Memory { get; init; }
    public AiStreamState State { get; set; } = AiStreamState.Queued;
    public int? QueuePosition { get; set; }

    /// <summary>The engine request writing this attempt (a vote's candidates share their vote's).</summary>
    public long GenerationId { get; set; }

    /// <summary>The queue was full; the room asks again on the clock's next beat.</summary>
    public bool WaitingForSlot { get; set; }

    public List<AiChunk> Chunks { get; } = [];
    public int GeneratedTokens { get; private set; }
    public bool GenerationDone { get; private set; }
    public string? FinishReason { get; private set; }
    public string? Failure { get; private set; }

    /// <summary>How many tokens the pace allows to be shown; grows with time, never beyond what exists.</summary>
    public double RevealBudget { get; set; }
    public DateTimeOffset? LastPacedAt { get; set; }
    public int VisibleChunks { get; private set; }
    public string VisibleText => _visible.ToString();
    public int VisibleLength => _visible.Length;
    public int PublishedVisibleLength { get; set; } = -1;

    public bool CaughtUp => VisibleChunks == Chunks.Count;

    public void Add(AiChunk chunk)
    {
        if (_stopped)
        {
            return;   // a chunk that was on its way when the turn was stopped
        }
        Chunks.Add(chunk);
        GeneratedTokens += chunk.Tokens;
        if (chunk.Finish is not null)
        {
            Finish(chunk.Finish, null);
        }
    }

    /// <summary>
    /// A person stopped the turn. When the model had already finished but not all of its text was shown yet, the
    /// turn is still cut where the reader is, so it ends "Stopped" rather than with the model's own reason.
    /// </summary>
    public void Stop()
    {
        if (!CaughtUp)
        {
            FinishReason = "Stopped";
        }

        Finish("Stopped", null);
        _stopped = true;
        // What was generated but not yet shown is dropped: the turn ends where the reader is.
        Chunks.RemoveRange(VisibleChunks, Chunks.Count - VisibleChunks);
        GeneratedTokens = Chunks.Sum(c => c.Tokens);
    }

    private bool _stopped;

    public void Finish(string reason, string? failure)
    {
        GenerationDone = true;
        FinishReason ??= reason;
        Failure ??= failure;
    }

    /// <summary>Grows the reveal budget by the time since the last beat at the room's pace, then shows what it covers.</summary>
    public void Advance(DateTimeOffset now, double naturalTokensPerSecond)
    {
        if (Chunks.Count == 0)
        {
            return;
        }
        RevealBudget = Settings.Pace == AiPace.AsGenerated
            ? GeneratedTokens
            : LastPacedAt is { } last
                ? Math.Min(GeneratedTokens, RevealBudget + (now - last).TotalSeconds * naturalTokensPerSecond)
                : Math.Min(GeneratedTokens, 1);   // the first token shows at once
        LastPacedAt = now;
        Reveal();
    }

    /// <summary>The shown chunks with their generation times, as stored for replay.</summary>
    public List<TokenChunkRecord> ShownChunks() => [.. Chunks.Take(VisibleChunks).Select(c => new TokenChunkRecord
    {
        OffsetMs = c.Elapsed.TotalMilliseconds, Text = c.Text, Tokens = c.Tokens,
    })];

    /// <summary>This attempt as a branch of the turn: what had been shown of it, and how it was made.</summary>
    public AlternativeRecord ToAlternative(AlternativeOrigin origin, long atMs, List<VoteRecord> votes) => new()
    {
        Origin = origin, Text = VisibleText.Trim(), TokenChunks = ShownChunks(), Model = ModelName,
        Sampler = SamplerRecord.From(Settings), Seed = Seed, FinishReason = FinishReason ?? "Replaced",
        Votes = votes, CreatedAtMs = atMs,
    };

    /// <summary>Shows every whole chunk the budget covers (chunks are Hangul-safe, so never half a syllable).</summary>
    public bool Reveal()
    {
        var shownTokens = 0;
        for (var i = 0; i < VisibleChunks; i++)
        {
            shownTokens += Chunks[i].Tokens;
        }
        var moved = false;
        while (VisibleChunks < Chunks.Count && shownTokens + Chunks[VisibleChunks].Tokens <= RevealBudget + 1e-9)
        {
            shownTokens += Chunks[VisibleChunks].Tokens;
            _visible.Append(Chunks[VisibleChunks].Text);
            VisibleChunks++;
            moved = true;
        }
        return moved;
    }

    /// <summary>GPT-2's space before its first word is not part of the story (the commit trims it too), so no view shows it.</summary>
    public AiStreamView ToView() => new(SeatIndex, State, State == AiStreamState.Queued ? QueuePosition : null,
        VisibleText.TrimStart(), Prompt.UsedTokens, Prompt.WindowTokens)
    {
        ModelName = ModelName,
        DroppedStoryTokens = Prompt.DroppedTokens,
        Seed = Seed,
        Memory = Memory,
    };
}
