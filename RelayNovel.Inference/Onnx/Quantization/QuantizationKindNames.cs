namespace RelayNovel.Inference.Onnx.Quantization;

/// <summary>The lower-case names the metadata, the model card and the command line use (fp32, int8, int4, fp16).</summary>
public static class QuantizationKindNames
{
    public static string Name(this QuantizationKind kind) => kind switch
    {
        QuantizationKind.Fp32 => "fp32",
        QuantizationKind.Int8 => "int8",
        QuantizationKind.Int4 => "int4",
        QuantizationKind.Fp16 => "fp16",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown quantization kind."),
    };

    /// <summary>Bits per weight for the block-quantized kinds, else null.</summary>
    public static int? Bits(this QuantizationKind kind) => kind switch
    {
        QuantizationKind.Int8 => 8,
        QuantizationKind.Int4 => 4,
        _ => null,
    };
}
