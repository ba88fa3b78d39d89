using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Onnx;
using RelayNovel.Tests.Checkpoints;

namespace RelayNovel.Tests.Onnx;

/// <summary>Tiny random-weight GPT-2 shapes written by our own writer (real models, fixed seeds).</summary>
public static class TinyModels
{
    /// <summary>2 layers, 4 heads of 4, n_inner 24 (not 4 × n_embd), 80 tokens, 32 positions.</summary>
    public static Gpt2Config Config { get; } = new(NLayer: 2, NHead: 4, NEmbd: 16, NPositions: 32, VocabSize: 80,
        BosTokenId: 0, EosTokenId: 1, PadTokenId: 3, LayerNormEpsilon: 1e-5f, NInner: 24);

    /// <summary>
    /// 2 layers, 2 heads of 8 (GroupQueryAttention needs a head size that is a multiple of 8), n_inner 24, 80 tokens,
    /// 32 positions: the fused graph's tiny shape.
    /// </summary>
    public static Gpt2Config FusedConfig { get; } = new(NLayer: 2, NHead: 2, NEmbd: 16, NPositions: 32, VocabSize: 80,
        BosTokenId: 0, EosTokenId: 1, PadTokenId: 3, LayerNormEpsilon: 1e-5f, NInner: 24);

    /// <summary>Writes the weights as model.onnx into the temp folder and returns its path.</summary>
    public static string WriteOnnx(TempDirectory temp, Gpt2Config config, IReadOnlyDictionary<string, NamedTensor> weights,
        Gpt2GraphKind kind = Gpt2GraphKind.Plain)
    {
        var path = temp.File(kind == Gpt2GraphKind.Plain ? "model.onnx" : "fused.onnx");
        Gpt2OnnxWriter.Write(path, config, weights, kind);
        return path;
    }

    public static float MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0f;
        for (var i = 0; i < a.Length; i++) max = MathF.Max(max, MathF.Abs(a[i] - b[i]));
        return max;
    }

    public static long[][] Positions(int batch, int from, int count) =>
        Enumerable.Range(0, batch).Select(_ => Enumerable.Range(from, count).Select(p => (long)p).ToArray()).ToArray();

    public static long[][] Ones(int batch, int count) =>
        Enumerable.Range(0, batch).Select(_ => Enumerable.Repeat(1L, count).ToArray()).ToArray();
}
