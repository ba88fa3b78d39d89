using RelayNovel.Inference.Generation;

namespace RelayNovel.Web.OpenAi;

/// <summary>A checked request, ready for the queue: the prompt's token ids and how to sample.</summary>
public sealed record GenerationJob(IReadOnlyList<int> PromptIds, GenerationOptions Options, string Model)
{
    /// <summary>An empty prompt starts from the BOS token, which the model reads as one token.</summary>
    public int PromptTokens => Math.Max(1, PromptIds.Count);
}
