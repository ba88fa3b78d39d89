using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RelayNovel.Inference.Checkpoints;

/// <summary>
/// The shape of a GPT-2 decoder, read from and written as a Hugging Face <c>config.json</c>
/// (keys n_layer, n_head, n_embd, n_positions, vocab_size, bos/eos/pad_token_id, layer_norm_epsilon, n_inner).
/// </summary>
public sealed record Gpt2Config(int NLayer, int NHead, int NEmbd, int NPositions, int VocabSize,
    int BosTokenId, int EosTokenId, int PadTokenId, float LayerNormEpsilon = 1e-5f, int? NInner = null)
{
    // Hugging Face's GPT2Config defaults, used when a config.json leaves a key out.
    private const int HfDefaultSpecialId = 50256;

    /// <summary>Width of each attention head.</summary>
    public int HeadDim => NEmbd / NHead;

    /// <summary>Width of the MLP's hidden layer (n_inner, 4 × n_embd when absent).</summary>
    public int InnerSize => NInner ?? 4 * NEmbd;

    /// <summary>Number of float parameters (LM head tied to the token embedding).</summary>
    public long ParameterCount
    {
        get
        {
            long e = NEmbd, i = InnerSize;
            long perLayer = 4 * e + (e * 3 * e + 3 * e) + (e * e + e) + (e * i + i) + (i * e + e);
            return (long)VocabSize * e + (long)NPositions * e + NLayer * perLayer + 2 * e;
        }
    }

    /// <summary>Throws <see cref="CheckpointFormatException"/> when the numbers cannot describe a GPT-2.</summary>
    public Gpt2Config Validated(string source = "config")
    {
        void Require(bool ok, string what)
        {
            if (!ok) throw new CheckpointFormatException($"{source}: {what}");
        }

        Require(NLayer > 0, $"n_layer must be positive, got {NLayer}.");
        Require(NHead > 0, $"n_head must be positive, got {NHead}.");
        Require(NEmbd > 0, $"n_embd must be positive, got {NEmbd}.");
        Require(NEmbd % NHead == 0, $"n_embd ({NEmbd}) must be a multiple of n_head ({NHead}).");
        Require(NPositions > 0, $"n_positions must be positive, got {NPositions}.");
        Require(VocabSize > 0, $"vocab_size must be positive, got {VocabSize}.");
        Require(NInner is null or > 0, $"n_inner must be positive or null, got {NInner}.");
        Require(LayerNormEpsilon > 0 && float.IsFinite(LayerNormEpsilon), $"layer_norm_epsilon must be a positive number, got {LayerNormEpsilon}.");
        // Each weight must fit one array; computed in 128 bits, so a huge n_embd is refused instead of wrapping around.
        Int128 e = NEmbd, inner = NInner ?? 4L * NEmbd;
        foreach (var (what, elements) in new[]
        {
            ("the token embedding (vocab_size × n_embd)", VocabSize * e), ("the position embedding (n_positions × n_embd)", NPositions * e),
            ("the attention weight (n_embd × 3·n_embd)", e * 3 * e), ("the MLP weight (n_embd × n_inner)", e * inner),
        })
        {
            Require(elements <= Array.MaxLength, $"{what} would have {elements} elements, more than one array holds ({Array.MaxLength}).");
        }

        foreach (var (name, id) in new[] { ("bos_token_id", BosTokenId), ("eos_token_id", EosTokenId), ("pad_token_id", PadTokenId) })
        {
            Require(id >= 0 && id < VocabSize, $"{name} {id} is outside the vocabulary (vocab_size {VocabSize}).");
        }

        return this;
    }

    /// <summary>Reads a Hugging Face GPT-2 <c>config.json</c>.</summary>
    public static Gpt2Config Load(string configJsonPath)
    {
        if (!File.Exists(configJsonPath))
        {
            throw new CheckpointFormatException($"The model config '{configJsonPath}' does not exist.");
        }

        return FromJson(File.ReadAllText(configJsonPath), configJsonPath);
    }

    /// <summary>Parses the text of a Hugging Face GPT-2 <c>config.json</c>.</summary>
    public static Gpt2Config FromJson(string json, string source = "config.json")
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new CheckpointFormatException($"{source} is not valid JSON: {ex.Message}", ex);
        }

        if (root is not JsonObject obj)
        {
            throw new CheckpointFormatException($"{source} must be a JSON object.");
        }

        var modelType = ReadString(obj, "model_type", source);
        if (modelType is not null && modelType != "gpt2")
        {
            throw new CheckpointFormatException($"{source}: model_type is '{modelType}', but only GPT-2 ('gpt2') models are supported.");
        }

        var activation = ReadString(obj, "activation_function", source);
        if (activation is not null && activation != "gelu_new")
        {
            throw new CheckpointFormatException(
                $"{source}: activation_function is '{activation}', but the ONNX writer implements only GPT-2's 'gelu_new'.");
        }

        // Variants whose attention math differs from GPT-2's; the writer would silently compute something else.
        RefuseFlag(obj, "scale_attn_by_inverse_layer_idx", true, source);
        RefuseFlag(obj, "scale_attn_weights", false, source);
        RefuseFlag(obj, "add_cross_attention", true, source);

        // transformers' GPT2Config also accepts its generic attribute names (hidden_size → n_embd, …).
        int Required(string key, params string[] aliases) =>
            ReadInt(obj, key, source) ?? aliases.Select(a => ReadInt(obj, a, source)).FirstOrDefault(v => v is not null)
            ?? throw new CheckpointFormatException($"{source} is missing '{key}'" + (aliases.Length == 0 ? "." : $" (or {string.Join(", ", aliases.Select(a => $"'{a}'"))})."));

        var eos = ReadInt(obj, "eos_token_id", source) ?? HfDefaultSpecialId;
        var config = new Gpt2Config(
            NLayer: Required("n_layer", "num_hidden_layers"),
            NHead: Required("n_head", "num_attention_heads"),
            NEmbd: Required("n_embd", "hidden_size"),
            NPositions: Required("n_positions", "n_ctx", "max_position_embeddings"),
            VocabSize: Required("vocab_size"),
            BosTokenId: ReadInt(obj, "bos_token_id", source) ?? HfDefaultSpecialId,
            EosTokenId: eos,
            // GPT-2 has no padding token of its own; generation pads with end-of-text, as HF does.
            PadTokenId: ReadInt(obj, "pad_token_id", source) ?? eos,
            LayerNormEpsilon: (float)(ReadDouble(obj, "layer_norm_epsilon", source) ?? 1e-5),
            NInner: ReadInt(obj, "n_inner", source));
        return config.Validated(source);
    }

    /// <summary>Writes a Hugging Face GPT-2 <c>config.json</c> that transformers can load as GPT2LMHeadModel.</summary>
    public void Save(string path)
    {
        var obj = new JsonObject
        {
            ["architectures"] = new JsonArray("GPT2LMHeadModel"),
            ["model_type"] = "gpt2",
            ["activation_function"] = "gelu_new",
            ["n_layer"] = NLayer,
            ["n_head"] = NHead,
            ["n_embd"] = NEmbd,
            ["n_positions"] = NPositions,
            ["n_ctx"] = NPositions,
            ["n_inner"] = NInner,
            ["vocab_size"] = VocabSize,
            ["bos_token_id"] = BosTokenId,
            ["eos_token_id"] = EosTokenId,
            ["pad_token_id"] = PadTokenId,
            // Round-trips through float exactly: 1e-5f prints as 1E-05 rather than 9.99999974737875E-06.
            ["layer_norm_epsilon"] = double.Parse(LayerNormEpsilon.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            ["tie_word_embeddings"] = true,
            ["use_cache"] = true,
        };
        File.WriteAllText(path, obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static void RefuseFlag(JsonObject obj, string key, bool refused, string source)
    {
        if (Read(obj, key) is JsonValue v && v.TryGetValue<bool>(out var flag) && flag == refused)
        {
            throw new CheckpointFormatException(
                $"{source}: '{key}' is {(refused ? "true" : "false")}, a GPT-2 variant the ONNX writer does not implement.");
        }
    }

    private static JsonNode? Read(JsonObject obj, string key) =>
        obj.TryGetPropertyValue(key, out var node) ? node : null;

    private static string? ReadString(JsonObject obj, string key, string source)
    {
        var node = Read(obj, key);
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        throw new CheckpointFormatException($"{source}: '{key}' must be a string, got {node.ToJsonString()}.");
    }

    private static int? ReadInt(JsonObject obj, string key, string source)
    {
        var node = Read(obj, key);
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<double>(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            return (int)d;
        }

        throw new CheckpointFormatException($"{source}: '{key}' must be an integer, got {node.ToJsonString()}.");
    }

    private static double? ReadDouble(JsonObject obj, string key, string source)
    {
        var node = Read(obj, key);
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<double>(out var d)) return d;
        throw new CheckpointFormatException($"{source}: '{key}' must be a number, got {node.ToJsonString()}.");
    }
}
