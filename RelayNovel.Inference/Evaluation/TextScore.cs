namespace RelayNovel.Inference.Evaluation;

/// <summary>
/// A model's cost of a text: <see cref="Nats"/> summed over the <see cref="Tokens"/> it predicted, and bits per
/// character over the text's <see cref="Chars"/> (UTF-16 units, as the training tool counts them).
/// </summary>
public sealed record TextScore(double BitsPerChar, long Tokens, long Chars, double Nats)
{
    /// <summary>Mean nats per predicted token.</summary>
    public double Loss => Tokens == 0 ? 0 : Nats / Tokens;
}
