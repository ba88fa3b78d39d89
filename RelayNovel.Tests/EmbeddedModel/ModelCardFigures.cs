namespace RelayNovel.Tests.EmbeddedModel;

/// <summary>Figures copied from onnx/MODEL_CARD.md; update both together when the model is retrained.</summary>
internal static class ModelCardFigures
{
    /// <summary>Bits per character on <see cref="HeldOutExcerpt"/> (windows of n_positions, first token after &lt;/s&gt;).</summary>
    public const double ExcerptBitsPerChar = 4.416;

    /// <summary>Tokens predicted on <see cref="HeldOutExcerpt"/> (the card's "1,476 tokens").</summary>
    public const int ExcerptTokens = 1476;
}
