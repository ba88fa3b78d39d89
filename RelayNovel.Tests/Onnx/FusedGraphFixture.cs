using Microsoft.ML.OnnxRuntime;
using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Onnx;
using RelayNovel.Tests.Checkpoints;

namespace RelayNovel.Tests.Onnx;

/// <summary>
/// One tiny random model (seeded) written twice: as the plain-op reference graph and as the fused graph, with a
/// session on the fused one. Reference logits come from the plain graph, a whole sequence at once.
/// </summary>
public sealed class FusedGraphFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public FusedGraphFixture()
    {
        Weights = RandomModel.CreateWeights(Config, seed: 21);
        PlainPath = TinyModels.WriteOnnx(_temp, Config, Weights);
        FusedPath = TinyModels.WriteOnnx(_temp, Config, Weights, Gpt2GraphKind.Fused);
        Plain = new OrtGpt2Runner(PlainPath, Config);
        FusedSession = new InferenceSession(FusedPath);
        FusedSignature = ModelSignature.Check(FusedSession, Config.NLayer, Config.VocabSize, FusedPath);
    }

    public static Gpt2Config Config => TinyModels.FusedConfig;

    public Dictionary<string, NamedTensor> Weights { get; }

    public string PlainPath { get; }

    public string FusedPath { get; }

    public OrtGpt2Runner Plain { get; }

    public InferenceSession FusedSession { get; }

    public ModelSignature FusedSignature { get; }

    public FusedBatchDecoder CreateDecoder(int rows, int capacity) =>
        FusedBatchDecoder.TryCreate(FusedSession, FusedSignature, Config, cacheOnCuda: false, rows, capacity)
        ?? throw new InvalidOperationException("The fused graph was not recognised.");

    /// <summary>The plain graph's logits after each token of <paramref name="sequence"/>, run at once.</summary>
    public float[][] Reference(int[] sequence)
    {
        var result = Plain.Step([sequence.Select(t => (long)t).ToArray()], TinyModels.Ones(1, sequence.Length), TinyModels.Positions(1, 0, sequence.Length), past: null);
        return Enumerable.Range(0, sequence.Length).Select(t => result.Row(0, t, sequence.Length, Config.VocabSize)).ToArray();
    }

    public void Dispose()
    {
        Plain.Dispose();
        FusedSession.Dispose();
        _temp.Dispose();
    }
}
