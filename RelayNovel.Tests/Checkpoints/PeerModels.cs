using System.Runtime.InteropServices;
using System.Text.Json;
using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Onnx.Proto;

namespace RelayNovel.Tests.Checkpoints;

/// <summary>
/// Third-party GPT-2 fixtures from ../shared/peer-gpt2, turned into inputs our code takes. The centre piece
/// rebuilds onnxruntime-genai's hf-internal-testing/tiny-random-gpt2 as a Hugging Face checkpoint from the
/// weights in its ORT-fused past.onnx, so the converter, the writer and the generation loop can be held to
/// that project's gold greedy outputs. Every property returns null when the fixture is absent.
/// </summary>
public static class PeerModels
{
    private const string TinyRandomDir = "peer-gpt2/ortgenai-tiny-random-gpt2";

    /// <summary>The folder with past.onnx, config.json and expected_outputs.json, or null.</summary>
    public static string? TinyRandomGpt2Folder => SharedFixtures.Find(TinyRandomDir + "/past.onnx") is null ? null : SharedFixtures.Find(TinyRandomDir);

    public static string? TinyRandomGpt2PastOnnx => SharedFixtures.Find(TinyRandomDir + "/past.onnx");

    public static string? LmBuddyFakeGpt2Folder => SharedFixtures.Find("peer-gpt2/lmbuddy-fake-gpt2/model.safetensors") is null ? null : SharedFixtures.Find("peer-gpt2/lmbuddy-fake-gpt2");

    public static string? LmBuddyTinyGpt2Folder => SharedFixtures.Find("peer-gpt2/lmbuddy-tiny-gpt2/model.safetensors") is null ? null : SharedFixtures.Find("peer-gpt2/lmbuddy-tiny-gpt2");

    /// <summary>The gold greedy case from expected_outputs.json (token ids only; no padding).</summary>
    public sealed record GreedyGold(int[][] InputIds, int MaxLength, int[][] Expected);

    public static GreedyGold LoadTinyRandomGreedyGold()
    {
        var path = SharedFixtures.Require(TinyRandomDir + "/expected_outputs.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var greedy = json.RootElement.GetProperty("greedy");
        int[][] Rows(string name) => greedy.GetProperty(name).EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        return new GreedyGold(Rows("input_ids"), greedy.GetProperty("max_length").GetInt32(), Rows("expected"));
    }

    public static Gpt2Config TinyRandomGpt2Config() => Gpt2Config.FromJson(TinyRandomGpt2ConfigJson());

    /// <summary>
    /// The fixture's config.json keeps the HF keys but carries n_layer, n_head, n_embd and vocab_size only in
    /// its onnxruntime-genai "model" block; they are lifted to the top level, where transformers reads them.
    /// </summary>
    public static string TinyRandomGpt2ConfigJson()
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(SharedFixtures.Require(TinyRandomDir + "/config.json")))!.AsObject();
        var genai = root["model"]!.AsObject();
        foreach (var key in new[] { "n_layer", "n_head", "n_embd", "vocab_size" })
        {
            root[key] ??= genai[key]!.DeepClone();
        }

        root.Remove("model");
        return root.ToJsonString();
    }

    /// <summary>
    /// The full GPT2LMHeadModel state dict: the 27 initializers of past.onnx under their HF names, plus the
    /// tensors ORT's deduplication dropped, which are all zero biases and unit LayerNorms (checked against
    /// the one copy that was kept). The fused lm_head (onnx::MatMul_1400) is checked to be wte transposed.
    /// </summary>
    public static Dictionary<string, NamedTensor> RebuildTinyRandomGpt2Weights(out Gpt2Config config)
    {
        config = TinyRandomGpt2Config();
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(SharedFixtures.Require(TinyRandomDir + "/past.onnx")));
        var stored = model.Graph.Initializer.ToDictionary(t => t.Name, ToNamedTensor);
        if (stored.Count != 27) throw new InvalidDataException($"past.onnx should hold 27 initializers, found {stored.Count}.");

        var wte = stored[Gpt2WeightNames.TokenEmbedding];
        var head = stored["onnx::MatMul_1400"];
        for (var v = 0; v < config.VocabSize; v++)
        {
            for (var j = 0; j < config.NEmbd; j++)
            {
                if (head.Data[j * config.VocabSize + v] != wte.Data[v * config.NEmbd + j])
                {
                    throw new InvalidDataException("past.onnx's LM head is not the transposed token embedding.");
                }
            }
        }

        // The one kept copy of each deduplicated tensor shows the dropped ones' values.
        RequireAll(stored[Gpt2WeightNames.Layer(0, "ln_1.weight")], 1f);
        foreach (var name in new[] { "ln_1.bias", "attn.c_attn.bias", "mlp.c_fc.bias" })
        {
            RequireAll(stored[Gpt2WeightNames.Layer(0, name)], 0f);
        }

        var weights = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (var (name, shape) in Gpt2WeightNames.Expected(config))
        {
            if (stored.TryGetValue(name, out var tensor))
            {
                weights[name] = tensor;
                continue;
            }

            if (shape.Length != 1) throw new InvalidDataException($"past.onnx lacks the matrix '{name}'.");
            var isNormGain = name.EndsWith(".weight", StringComparison.Ordinal);
            weights[name] = new NamedTensor(name, shape, Enumerable.Repeat(isNormGain ? 1f : 0f, shape[0]).ToArray());
        }

        return weights;
    }

    /// <summary>Writes the rebuilt checkpoint as an HF folder: config.json (the fixture's, keys lifted), model.safetensors, tokenizer.json.</summary>
    public static void WriteTinyRandomGpt2HfFolder(string hfDir)
    {
        var weights = RebuildTinyRandomGpt2Weights(out var config);
        Directory.CreateDirectory(hfDir);
        File.WriteAllText(Path.Combine(hfDir, "config.json"), TinyRandomGpt2ConfigJson());
        SafeTensors.Write(Path.Combine(hfDir, "model.safetensors"), weights.Values);
        // The upstream tokenizer (50,257 entries) does not fit the 1,000-token model; the gold data is ids only,
        // so a KoGPT2-kind tokenizer sized to the model stands in.
        File.WriteAllText(Path.Combine(hfDir, "tokenizer.json"), RandomModelTokenizer.Create(config).Json);
    }

    /// <summary>Rebuilds the HF folder under <paramref name="workDir"/>, converts it, and returns the model folder.</summary>
    public static string ConvertTinyRandomGpt2(string workDir)
    {
        var hfDir = Path.Combine(workDir, "hf-tiny-random-gpt2");
        var modelDir = Path.Combine(workDir, "model-tiny-random-gpt2");
        WriteTinyRandomGpt2HfFolder(hfDir);
        CheckpointConverter.Convert(hfDir, modelDir);
        return modelDir;
    }

    private static NamedTensor ToNamedTensor(TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw new InvalidDataException($"Initializer '{tensor.Name}' is not float32.");
        }

        var data = tensor.RawData.Length > 0 ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray() : tensor.FloatData.ToArray();
        return new NamedTensor(tensor.Name, tensor.Dims.Select(d => (int)d).ToArray(), data);
    }

    private static void RequireAll(NamedTensor tensor, float value)
    {
        if (tensor.Data.Any(v => v != value)) throw new InvalidDataException($"'{tensor.Name}' is not all {value}; the rebuild assumption fails.");
    }
}
