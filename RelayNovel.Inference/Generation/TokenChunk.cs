namespace RelayNovel.Inference.Generation;

/// <summary>
/// A piece of generated text with the token ids that produced it. <see cref="Elapsed"/> is measured from
/// the start of the generation; the last chunk of a generation has <see cref="Finish"/> set.
/// </summary>
public sealed record TokenChunk(string Text, IReadOnlyList<int> TokenIds, TimeSpan Elapsed, FinishReason Finish);
