namespace RelayNovel.Inference.Onnx.Quantization;

/// <summary>How a model folder's weights are stored (recorded in model.onnx's metadata and the model card).</summary>
public enum QuantizationKind
{
    /// <summary>Plain fp32 weights: what <c>convert</c> and <c>random-model</c> write.</summary>
    Fp32,

    /// <summary>MatMul weights as 8-bit blocks (com.microsoft MatMulNBits), LM head included.</summary>
    Int8,

    /// <summary>MatMul weights as 4-bit blocks (com.microsoft MatMulNBits), LM head included.</summary>
    Int4,

    /// <summary>fp16 weights and fp16 compute inside; inputs, KV cache and logits stay fp32.</summary>
    Fp16,
}
