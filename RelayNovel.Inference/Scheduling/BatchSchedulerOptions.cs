namespace RelayNovel.Inference.Scheduling;

/// <summary>Limits of the batch engine.</summary>
public sealed record BatchSchedulerOptions
{
    /// <summary>Requests that may wait for rows; one more is refused at once (the server answers 429).</summary>
    public int WaitingCapacity { get; init; } = 64;

    /// <summary>Sequences decoded together at most.</summary>
    public int MaxRows { get; init; } = 16;

    /// <summary>
    /// Host memory the KV cache may take, in MiB (both buffers of every row at its full capacity). Fewer rows
    /// are used when <see cref="MaxRows"/> rows of the model's whole context do not fit.
    /// </summary>
    public int KvBudgetMb { get; init; } = 2048;

    /// <summary>Rows only rooms may use: the open API's requests never take them.</summary>
    public int RoomReservedRows { get; init; } = 2;

    /// <summary>A long prompt runs in pieces of this many tokens, so running streams wait at most one piece.</summary>
    public int PrefillChunkTokens { get; init; } = 128;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first out-of-range limit.</summary>
    public void Validate()
    {
        if (WaitingCapacity < 1)
        {
            throw new ArgumentException($"WaitingCapacity must be at least 1, got {WaitingCapacity}.", nameof(WaitingCapacity));
        }

        if (MaxRows is < 1 or > 256)
        {
            throw new ArgumentException($"MaxRows must be between 1 and 256, got {MaxRows}.", nameof(MaxRows));
        }

        if (KvBudgetMb < 1)
        {
            throw new ArgumentException($"KvBudgetMb must be at least 1, got {KvBudgetMb}.", nameof(KvBudgetMb));
        }

        if (RoomReservedRows < 0 || RoomReservedRows >= MaxRows)
        {
            throw new ArgumentException($"RoomReservedRows must be between 0 and MaxRows - 1 ({MaxRows - 1}), got {RoomReservedRows}.", nameof(RoomReservedRows));
        }

        if (PrefillChunkTokens < 1)
        {
            throw new ArgumentException($"PrefillChunkTokens must be at least 1, got {PrefillChunkTokens}.", nameof(PrefillChunkTokens));
        }
    }
}
