using RelayNovel.Inference.Onnx.Quantization;
using RelayNovel.Tests.Checkpoints;

namespace RelayNovel.Tests.EmbeddedModel;

/// <summary>The embedded model quantized to int8 and to fp16, once per class (about a second each).</summary>
public sealed class QuantizedEmbeddedModelFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public QuantizedEmbeddedModelFixture()
    {
        Int8 = Path.Combine(_temp.Path, "int8");
        Fp16 = Path.Combine(_temp.Path, "fp16");
        ModelQuantizer.Quantize(EmbeddedModelFolder.Path, Int8, new QuantizationOptions(QuantizationKind.Int8));
        ModelQuantizer.Quantize(EmbeddedModelFolder.Path, Fp16, new QuantizationOptions(QuantizationKind.Fp16));
    }

    public string Int8 { get; }

    public string Fp16 { get; }

    public string TempPath => _temp.Path;

    public void Dispose() => _temp.Dispose();
}
