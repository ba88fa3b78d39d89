using RelayNovel.Inference.Generation;

namespace RelayNovel.Inference.Scheduling;

/// <summary>
/// One request to the batch engine, as data: the prompt's token ids, one <see cref="GenerationOptions"/> per
/// alternative (each with its own seed; K alternatives share one prefill and take K rows), the fairness key (the
/// room, or the API client), the lane, and the owner's cancellation. Each alternative's chunks arrive on
/// <see cref="BatchTicket.Outputs"/>.
/// </summary>
public sealed record GenerationRequest(string Key, GenerationLane Lane, IReadOnlyList<int> PromptIds, IReadOnlyList<GenerationOptions> Alternatives)
{
    /// <summary>Told the request's place in line (1 = next) whenever it changes, and 0 when it starts.</summary>
    public Action<int>? PositionChanged { get; init; }

    /// <summary>Cancels the request like <see cref="BatchTicket.Cancel"/>.</summary>
    public CancellationToken CancellationToken { get; init; }

    public static GenerationRequest Single(string key, GenerationLane lane, IReadOnlyList<int> promptIds, GenerationOptions options) =>
        new(key, lane, promptIds, [options]);
}
