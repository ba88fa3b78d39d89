namespace RelayNovel.Inference.Checkpoints;

/// <summary>Model shapes the CLI and the benchmark know by name.</summary>
public static class Gpt2Presets
{
    /// <summary>skt/kogpt2-base-v2: 12 layers, 12 heads, 768 wide, 1024 positions, 51,200 tokens.</summary>
    public static Gpt2Config KoGpt2 { get; } = new(
        NLayer: 12, NHead: 12, NEmbd: 768, NPositions: 1024, VocabSize: 51200,
        BosTokenId: 0, EosTokenId: 1, PadTokenId: 3);

    /// <summary>
    /// The shape of the embedded model: 6 layers, 8 heads of 32, 256 wide, 512 positions, 8,000 tokens
    /// (about 6.9 M parameters, ~28 MB as fp32), sized to train on two cores in a session, to fit the
    /// 40 MB folder budget and to decode well above 300 tokens/s on a CPU. Special ids follow the
    /// trained tokenizer's order: &lt;s&gt; 0, &lt;/s&gt; 1, &lt;pad&gt; 2.
    /// </summary>
    public static Gpt2Config Small { get; } = new(
        NLayer: 6, NHead: 8, NEmbd: 256, NPositions: 512, VocabSize: 8000,
        BosTokenId: 0, EosTokenId: 1, PadTokenId: 2);

    /// <summary>Looks a preset up by its CLI name (kogpt2, small).</summary>
    public static Gpt2Config ByName(string name) => name.ToLowerInvariant() switch
    {
        "kogpt2" => KoGpt2,
        "small" => Small,
        _ => throw new ArgumentException($"Unknown model preset '{name}'. Known presets: kogpt2, small.", nameof(name)),
    };
}
