namespace RelayNovel.Inference.Onnx.Quantization;

/// <summary>How <see cref="ModelQuantizer"/> quantizes.</summary>
public sealed record QuantizationOptions(QuantizationKind Kind)
{
    /// <summary>Weights per block along K: each block has its own scale and zero point.</summary>
    public int BlockSize { get; init; } = 32;

    /// <summary>
    /// MatMulNBits' accuracy_level: 4 lets ONNX Runtime quantize the activations to int8 per block and use integer
    /// dot products on CPU (the fast path); 0 keeps them fp32.
    /// </summary>
    public int AccuracyLevel { get; init; } = 4;
}
