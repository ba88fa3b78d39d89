namespace RelayNovel.Inference.Tokenization;

/// <summary>An entry of tokenizer.json's added_tokens: matched in the raw text before normalization.</summary>
internal sealed record AddedToken(int Id, string Content, bool Special);
