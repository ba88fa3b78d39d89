namespace RelayNovel.Inference.Onnx;

/// <summary>How <see cref="Gpt2OnnxWriter"/> writes attention.</summary>
public enum Gpt2GraphKind
{
    /// <summary>
    /// Standard ONNX ops only: every step concatenates the past cache with the new keys and values into new
    /// present outputs. Runs everywhere; the reference the fused form is checked against.
    /// </summary>
    Plain,

    /// <summary>
    /// ONNX Runtime's <c>com.microsoft.GroupQueryAttention</c> (kv_num_heads = num_heads): past and present may
    /// be one preallocated buffer [batch, heads, max_length, head_dim] into which a step writes only the new
    /// tokens' keys and values. Per-row lengths come from attention_mask (right-padded: a row's length is the
    /// mask's sum). Needs head_dim to be a multiple of 8.
    /// </summary>
    Fused,
}
