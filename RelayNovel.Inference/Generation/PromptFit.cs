namespace RelayNovel.Inference.Generation;

/// <summary>What fitting a prompt into the context kept and dropped (feeds the room's context meter).</summary>
/// <param name="Text">The prompt text the model actually sees.</param>
/// <param name="PinnedTokens">Tokens of the pinned head (always kept).</param>
/// <param name="StoryTokens">Tokens of story text kept after the head.</param>
/// <param name="DroppedStoryTokens">
/// Tokens of the oldest story text dropped to make room: exact when the story was tokenized whole, and estimated at the
/// kept part's characters per token when only its end was (a story far longer than the context).
/// </param>
/// <param name="ContextTokens">The model's context length.</param>
public sealed record PromptFit(string Text, int PinnedTokens, int StoryTokens, int DroppedStoryTokens, int ContextTokens);
