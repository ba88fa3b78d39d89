namespace RelayNovel.Inference.Onnx.Quantization;

/// <summary>What <see cref="ModelQuantizer"/> did: the MatMuls rewritten (or initializers converted for fp16) and the file sizes.</summary>
public sealed record QuantizationReport(QuantizationKind Kind, int BlockSize, int AccuracyLevel, int MatMuls, int Fp16Initializers,
    bool EmbeddingQuantized, long SourceBytes, long QuantizedBytes, string Directory);
