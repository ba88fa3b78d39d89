namespace RelayNovel.Inference.Tokenization;

/// <summary>What HfTokenizer needs from a validated tokenizer.json.</summary>
internal sealed record TokenizerDefinition(
    IReadOnlyList<AddedToken> AddedTokens,
    IReadOnlyDictionary<string, int> Vocab,
    IReadOnlyList<(string Left, string Right)> Merges,
    string? UnknownToken,
    bool FuseUnknown,
    bool Nfkc,
    char Replacement,
    bool PrependPrefix);
