using RelayNovel.Inference.Checkpoints;

namespace RelayNovel.Tests.Infrastructure;

/// <summary>Real GPT-2 model folders with random weights, written by the project's own writer (fixed seeds).</summary>
public static class TestModels
{
    /// <summary>2 layers, n_embd 32, 256 positions, 400 tokens (ASCII and the first Hangul syllables).</summary>
    public static Gpt2Config TinyConfig { get; } = new(NLayer: 2, NHead: 4, NEmbd: 32, NPositions: 256, VocabSize: 400,
        BosTokenId: 0, EosTokenId: 1, PadTokenId: 3);

    private static readonly Lazy<string> Tiny = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), "relaynovel-tests", $"tiny-model-{Environment.ProcessId}");
        RandomModel.Write(dir, TinyConfig, seed: 20261125);
        return dir;
    });

    /// <summary>The folder of the tiny random model, written once per test run.</summary>
    public static string TinyModelPath => Tiny.Value;
}
