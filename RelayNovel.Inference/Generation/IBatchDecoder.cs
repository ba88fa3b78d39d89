namespace RelayNovel.Inference.Generation;

/// <summary>
/// A GPT-2 model's forward pass over rows of independent sequences (a continuous batch). Each row has its own
/// length, positions and mask; one decode step advances any subset of rows by one token in one model run.
/// Two implementations: the plain-op graph (per-row padding mask) and the fused-attention graph (one shared,
/// preallocated KV buffer written in place). Not thread-safe: the batch scheduler's one loop calls it.
/// Logits returned are valid until the next call. Cancelling stops the model run and throws
/// <see cref="OperationCanceledException"/>; the rows are then as they were before the call.
/// </summary>
public interface IBatchDecoder : IDisposable
{
    /// <summary>Rows the buffers hold.</summary>
    int MaxRows { get; }

    /// <summary>The most tokens one row can hold (at most the model's context).</summary>
    int Capacity { get; }

    int VocabSize { get; }

    /// <summary>Bytes of KV cache one token of one row takes (all layers, keys and values): the memory budget's unit.</summary>
    long KvBytesPerToken { get; }

    /// <summary>Tokens in <paramref name="row"/>'s cache; 0 when the row is free.</summary>
    int Length(int row);

    /// <summary>
    /// Appends <paramref name="ids"/> to one row (a whole prompt or a chunk of one) and returns the logits after its
    /// last id (<see cref="VocabSize"/> floats).
    /// </summary>
    ReadOnlySpan<float> Prefill(int row, ReadOnlySpan<int> ids, CancellationToken ct);

    /// <summary>
    /// Appends <c>tokens[i]</c> to <c>rows[i]</c> for every i, in one model run, and returns
    /// <c>rows.Length × VocabSize</c> logits in the order given.
    /// </summary>
    ReadOnlySpan<float> Step(ReadOnlySpan<int> rows, ReadOnlySpan<int> tokens, CancellationToken ct);

    /// <summary>Copies <paramref name="source"/>'s cache into the free row <paramref name="target"/> (K alternatives: one prefill, K rows).</summary>
    void Fork(int source, int target);

    /// <summary>Frees a row: its length becomes 0 and it may take a new sequence.</summary>
    void Release(int row);
}
