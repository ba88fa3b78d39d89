using System.Text.Json;
using System.Text.Json.Nodes;

namespace RelayNovel.Inference.Checkpoints;

/// <summary>
/// A tokenizer.json of the KoGPT2 kind (NFKC, Metaspace ▁, BPE without merges) for random models:
/// special tokens at the config's bos/eos/pad ids, then ▁, printable ASCII and Hangul syllables until
/// the model's vocabulary is full, so every id the tokenizer can produce exists in the model.
/// </summary>
internal sealed class RandomModelTokenizer
{
    private RandomModelTokenizer(string json, int tokenCount)
    {
        Json = json;
        TokenCount = tokenCount;
    }

    public string Json { get; }

    public int TokenCount { get; }

    public static RandomModelTokenizer Create(Gpt2Config config)
    {
        var specials = new SortedDictionary<int, string> { [config.EosTokenId] = "</s>" };
        specials.TryAdd(config.BosTokenId, "<s>");
        specials.TryAdd(config.PadTokenId, "<pad>");
        var specialList = new List<string>();
        for (var id = 0; id <= specials.Keys.Max(); id++)
        {
            specialList.Add(specials.TryGetValue(id, out var token) ? token : $"<unused{id}>");
        }

        specialList.Add("<unk>");
        var characters = new List<string> { "▁" };
        for (var c = 0x21; c <= 0x7E; c++) characters.Add(((char)c).ToString());
        for (var c = 0xAC00; c <= 0xD7A3; c++) characters.Add(((char)c).ToString());

        var vocab = specialList.Concat(characters).Take(config.VocabSize).ToList();
        if (vocab.Count < specialList.Count + 1)
        {
            throw new CheckpointFormatException(
                $"vocab_size {config.VocabSize} is too small for a tokenizer with {specialList.Count} special tokens and ▁.");
        }

        return new RandomModelTokenizer(ToJson(specialList, vocab), vocab.Count);
    }

    // The same layout as TokenizerJsonWriter produces for trained tokenizers (KoGPT2's tokenizer.json shape).
    private static string ToJson(List<string> specials, List<string> vocab)
    {
        var added = new JsonArray();
        for (var id = 0; id < specials.Count; id++)
        {
            added.Add(new JsonObject
            {
                ["id"] = id, ["content"] = specials[id], ["single_word"] = false, ["lstrip"] = false,
                ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
            });
        }

        var vocabObject = new JsonObject();
        for (var id = 0; id < vocab.Count; id++) vocabObject[vocab[id]] = id;
        var root = new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = new JsonObject { ["type"] = "NFKC" },
            ["pre_tokenizer"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁", ["add_prefix_space"] = true },
            ["post_processor"] = null,
            ["decoder"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁", ["add_prefix_space"] = true },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = "<unk>", ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null, ["fuse_unk"] = false, ["byte_fallback"] = false,
                ["vocab"] = vocabObject, ["merges"] = new JsonArray(),
            },
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
