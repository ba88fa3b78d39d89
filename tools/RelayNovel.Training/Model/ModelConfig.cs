using System.Text.Json;
using System.Text.Json.Nodes;

namespace RelayNovel.Training.Model;

/// <summary>GPT-2 hyper-parameters, saved and read with Hugging Face config.json keys.</summary>
internal sealed record ModelConfig(int VocabSize, int NPositions, int NEmbd, int NLayer, int NHead,
    int BosTokenId = 0, int EosTokenId = 1, int PadTokenId = 2, double Dropout = 0.0, double LayerNormEpsilon = 1e-5)
{
    public int HeadDim => NEmbd / NHead;

    public JsonObject ToHfJson() => new()
    {
        ["architectures"] = new JsonArray("GPT2LMHeadModel"),
        ["model_type"] = "gpt2",
        ["activation_function"] = "gelu_new",
        ["vocab_size"] = VocabSize,
        ["n_positions"] = NPositions,
        ["n_ctx"] = NPositions,
        ["n_embd"] = NEmbd,
        ["n_layer"] = NLayer,
        ["n_head"] = NHead,
        ["n_inner"] = null,
        ["layer_norm_epsilon"] = LayerNormEpsilon,
        ["resid_pdrop"] = Dropout,
        ["embd_pdrop"] = Dropout,
        ["attn_pdrop"] = 0.0,
        ["initializer_range"] = 0.02,
        ["scale_attn_weights"] = true,
        ["tie_word_embeddings"] = true,
        ["use_cache"] = true,
        ["bos_token_id"] = BosTokenId,
        ["eos_token_id"] = EosTokenId,
        ["pad_token_id"] = PadTokenId,
        ["torch_dtype"] = "float32",
    };

    public static ModelConfig FromHfJson(string json, double dropout = 0.0)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        int Int(string key, int fallback) => o[key] is JsonValue v && v.TryGetValue<int>(out var i) ? i : fallback;
        var embd = Int("n_embd", 768);
        if (o["n_inner"] is JsonValue inner && inner.TryGetValue<int>(out var n) && n != 4 * embd)
        {
            throw new InvalidDataException($"n_inner {n} is not 4*n_embd; only standard GPT-2 MLPs are supported.");
        }

        var eps = o["layer_norm_epsilon"] is JsonValue e && e.TryGetValue<double>(out var d) ? d : 1e-5;
        return new ModelConfig(Int("vocab_size", 50257), Int("n_positions", 1024), embd, Int("n_layer", 12), Int("n_head", 12),
            Int("bos_token_id", 0), Int("eos_token_id", 1), Int("pad_token_id", Int("eos_token_id", 1)), dropout, eps);
    }

    public string ToHfJsonString() => ToHfJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
