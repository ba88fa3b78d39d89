namespace RelayNovel.Inference.Onnx;

/// <summary>
/// Input and output names of a GPT-2 decoder with KV cache, exactly as Hugging Face Optimum's
/// <c>text-generation-with-past</c> export names them, so our graphs and Optimum exports load alike.
/// </summary>
public static class Gpt2OnnxNames
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string PositionIds = "position_ids";
    public const string Logits = "logits";

    public static string PastKey(int layer) => $"past_key_values.{layer}.key";

    public static string PastValue(int layer) => $"past_key_values.{layer}.value";

    public static string PresentKey(int layer) => $"present.{layer}.key";

    public static string PresentValue(int layer) => $"present.{layer}.value";
}
