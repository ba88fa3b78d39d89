namespace RelayNovel.Inference.Generation;

/// <summary>
/// A prompt in two parts: <see cref="Pinned"/> (premise, author's note) is always kept whole, while the
/// oldest <see cref="Story"/> text is dropped when the whole does not fit the model's context.
/// </summary>
public sealed record PromptParts(string Pinned, string Story);
