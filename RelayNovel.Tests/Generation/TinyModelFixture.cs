using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Generation;
using RelayNovel.Tests.Checkpoints;

namespace RelayNovel.Tests.Generation;

/// <summary>A tiny random-weight GPT-2 folder written by our own writer (a real model, fixed seed), loaded once per test class.</summary>
public sealed class TinyModelFixture : IDisposable
{
    /// <summary>2 layers, 4 heads of 8, 64 positions, 400 tokens (specials, ▁, ASCII, Hangul syllables).</summary>
    public static Gpt2Config Config { get; } = new(NLayer: 2, NHead: 4, NEmbd: 32, NPositions: 64, VocabSize: 400,
        BosTokenId: 0, EosTokenId: 1, PadTokenId: 2);

    private readonly TempDirectory _temp = new();

    public TinyModelFixture()
    {
        ModelDir = _temp.Sub("tiny-model");
        RandomModel.Write(ModelDir, Config, seed: 5);
        Generator = Gpt2Generator.Load(ModelDir, ExecutionProviderPreference.Cpu);
    }

    public string ModelDir { get; }

    public Gpt2Generator Generator { get; }

    public void Dispose()
    {
        Generator.Dispose();
        _temp.Dispose();
    }
}
