using System.Text.Json;

namespace RelayNovel.Inference.Tokenization;

/// <summary>Reads the BPE "model" object of a tokenizer.json: vocab, merges (both HF forms) and the unknown token.</summary>
internal static class BpeModelJsonReader
{
    public const int MaxId = 16 * 1024 * 1024;

    public static (Dictionary<string, int> Vocab, List<(string, string)> Merges, string? Unk, bool FuseUnk) Read(JsonElement model)
    {
        var type = model.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type is not null && type != "BPE")
        {
            throw new TokenizerFormatException($"Unsupported model type: {type} (only BPE is supported).");
        }

        if (model.TryGetProperty("byte_fallback", out var fallback) && fallback.ValueKind == JsonValueKind.True)
        {
            throw new TokenizerFormatException("Unsupported model option: byte_fallback true.");
        }

        foreach (var name in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
        {
            if (model.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0)
            {
                throw new TokenizerFormatException($"Unsupported model option: {name}.");
            }
        }

        if (model.TryGetProperty("dropout", out var dropout) && dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() > 0)
        {
            throw new TokenizerFormatException("Unsupported model option: dropout (encoding would not be deterministic).");
        }

        if (model.TryGetProperty("ignore_merges", out var ignore) && ignore.ValueKind == JsonValueKind.True)
        {
            throw new TokenizerFormatException("Unsupported model option: ignore_merges true.");
        }

        var vocab = ReadVocab(model);
        var merges = ReadMerges(model, vocab);
        string? unk = null;
        if (model.TryGetProperty("unk_token", out var u) && u.ValueKind == JsonValueKind.String)
        {
            unk = u.GetString()!;
            if (!vocab.ContainsKey(unk))
            {
                throw new TokenizerFormatException($"The model's unk_token '{unk}' is not in its vocab.");
            }
        }

        var fuse = model.TryGetProperty("fuse_unk", out var f) && f.ValueKind == JsonValueKind.True;
        return (vocab, merges, unk, fuse);
    }

    private static Dictionary<string, int> ReadVocab(JsonElement model)
    {
        if (!model.TryGetProperty("vocab", out var vocabElement) || vocabElement.ValueKind != JsonValueKind.Object)
        {
            throw new TokenizerFormatException("The BPE model has no \"vocab\" object.");
        }

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in vocabElement.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0)
            {
                throw new TokenizerFormatException($"Vocab entry '{entry.Name}' has no valid non-negative integer id.");
            }

            if (id >= MaxId)
            {
                // Ids index the model's embedding rows; one this large is a corrupt file, not a vocabulary.
                throw new TokenizerFormatException($"Vocab entry '{entry.Name}' has id {id}, beyond the supported {MaxId}.");
            }

            vocab[entry.Name] = id;
        }

        return vocab;
    }

    private static List<(string, string)> ReadMerges(JsonElement model, Dictionary<string, int> vocab)
    {
        if (!model.TryGetProperty("merges", out var mergesElement) || mergesElement.ValueKind != JsonValueKind.Array)
        {
            throw new TokenizerFormatException("The BPE model has no \"merges\" array.");
        }

        var merges = new List<(string, string)>(mergesElement.GetArrayLength());
        foreach (var item in mergesElement.EnumerateArray())
        {
            var (left, right) = item.ValueKind switch
            {
                JsonValueKind.String => SplitMerge(item.GetString()!),
                JsonValueKind.Array when item.GetArrayLength() == 2
                    && item[0].ValueKind == JsonValueKind.String && item[1].ValueKind == JsonValueKind.String
                    => (item[0].GetString()!, item[1].GetString()!),
                _ => throw new TokenizerFormatException($"Merge #{merges.Count} must be \"a b\" or [\"a\", \"b\"]."),
            };

            if (!vocab.ContainsKey(left) || !vocab.ContainsKey(right) || !vocab.ContainsKey(left + right))
            {
                // HF refuses such a file too, rather than skipping the merge.
                throw new TokenizerFormatException($"Merge #{merges.Count} ('{left}' + '{right}') uses a piece that is not in the vocab.");
            }

            merges.Add((left, right));
        }

        return merges;
    }

    private static (string, string) SplitMerge(string merge)
    {
        var parts = merge.Split(' ');
        if (parts.Length != 2)
        {
            throw new TokenizerFormatException($"Merge \"{merge}\" must be two pieces separated by one space.");
        }

        return (parts[0], parts[1]);
    }
}
