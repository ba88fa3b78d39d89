using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace RelayNovel.Inference.Generation;

/// <summary>
/// The I/O names of a GPT-2 decoder with KV cache as Hugging Face Optimum's <c>text-generation-with-past</c>
/// export names them, checked against a loaded session so a foreign model fails at load, not mid-story.
/// Public because the batch decoders (<see cref="IBatchDecoder"/>) are created from a session and its signature.
/// </summary>
public sealed class ModelSignature
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string PositionIds = "position_ids";
    public const string Logits = "logits";

    private ModelSignature(int layers, bool hasPositionIds, bool isFused)
    {
        Layers = layers;
        HasPositionIds = hasPositionIds;
        IsFused = isFused;
        PastNames = new string[2 * layers];
        PresentNames = new string[2 * layers];
        for (var i = 0; i < layers; i++)
        {
            PastNames[2 * i] = $"past_key_values.{i}.key";
            PastNames[2 * i + 1] = $"past_key_values.{i}.value";
            PresentNames[2 * i] = $"present.{i}.key";
            PresentNames[2 * i + 1] = $"present.{i}.value";
        }
    }

    public int Layers { get; }

    /// <summary>Some Optimum exports compute positions from the mask and have no position_ids input.</summary>
    public bool HasPositionIds { get; }

    /// <summary>
    /// The fused-attention graph (<see cref="Onnx.Gpt2GraphKind.Fused"/>, marked in the model's metadata): past and
    /// present may be bound to one shared buffer [batch, heads, max_length, head_dim], and each row's length is the
    /// sum of its attention_mask (right padding only). Bound the plain way (separate past and present, all-ones
    /// mask) it computes the same as the plain graph.
    /// </summary>
    public bool IsFused { get; }

    /// <summary>past_key_values.{i}.key, past_key_values.{i}.value, layer by layer.</summary>
    public string[] PastNames { get; }

    /// <summary>present.{i}.key, present.{i}.value, layer by layer.</summary>
    public string[] PresentNames { get; }

    /// <summary>Checks the session's inputs and outputs; throws <see cref="ModelLoadException"/> naming what is missing.</summary>
    public static ModelSignature Check(InferenceSession session, int layers, int vocabSize, string onnxPath)
    {
        var fused = session.ModelMetadata.CustomMetadataMap.TryGetValue(Onnx.Gpt2OnnxWriter.AttentionMetadataKey, out var attention)
            && attention == Onnx.Gpt2OnnxWriter.FusedAttention;
        var signature = new ModelSignature(layers, session.InputMetadata.ContainsKey(PositionIds), fused);
        var missing = new List<string>();
        foreach (var name in new[] { InputIds, AttentionMask }.Concat(signature.PastNames))
        {
            if (!session.InputMetadata.ContainsKey(name))
            {
                missing.Add("input " + name);
            }
        }

        foreach (var name in new[] { Logits }.Concat(signature.PresentNames))
        {
            if (!session.OutputMetadata.ContainsKey(name))
            {
                missing.Add("output " + name);
            }
        }

        if (missing.Count > 0)
        {
            var found = string.Join(", ", session.InputMetadata.Keys.Take(6)) + (session.InputMetadata.Count > 6 ? ", ..." : string.Empty);
            throw new ModelLoadException(
                $"{onnxPath} is not a GPT-2 decoder with KV cache in the expected layout (Optimum text-generation-with-past, {layers} layers from config.json): " +
                $"missing {string.Join(", ", missing.Take(4))}{(missing.Count > 4 ? $" and {missing.Count - 4} more" : string.Empty)}. The model has inputs: {found}.");
        }

        foreach (var name in signature.HasPositionIds ? new[] { InputIds, AttentionMask, PositionIds } : [InputIds, AttentionMask])
        {
            var type = session.InputMetadata[name].ElementDataType;
            if (type != TensorElementType.Int64)
            {
                throw new ModelLoadException($"{onnxPath}: input {name} is {type}, but int64 is expected.");
            }
        }

        var logitDims = session.OutputMetadata[Logits].Dimensions;
        if (logitDims.Length != 3 || (logitDims[2] > 0 && logitDims[2] != vocabSize))
        {
            throw new ModelLoadException(
                $"{onnxPath}: logits have shape [{string.Join(", ", logitDims)}], but [batch, sequence, {vocabSize}] is expected from config.json's vocab_size.");
        }

        return signature;
    }
}
