using System.Text.Json;

namespace RelayNovel.Inference.Tokenization;

/// <summary>
/// Reads a Hugging Face tokenizer.json and accepts only what HfTokenizer reproduces exactly:
/// a BPE model, an NFKC (or no) normalizer, a Metaspace pre-tokenizer and decoder. Anything else is
/// refused by name, because silently ignoring a component would give wrong ids without any error.
/// </summary>
internal static class TokenizerJsonReader
{
    public static TokenizerDefinition Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            throw new TokenizerFormatException($"tokenizer.json is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TokenizerFormatException("tokenizer.json must hold a JSON object at the top level.");
            }

            if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
            {
                throw new TokenizerFormatException("tokenizer.json has no \"model\" object.");
            }

            var nfkc = ReadNormalizer(root);
            var (replacement, prepend) = ReadPreTokenizer(root);
            ReadDecoder(root, replacement);
            var (vocab, merges, unk, fuseUnk) = ReadModel(model);
            var added = ReadAddedTokens(root);
            return new TokenizerDefinition(added, vocab, merges, unk, fuseUnk, nfkc, replacement, prepend);
        }
    }

    private static bool ReadNormalizer(JsonElement root)
    {
        if (!root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        var nfkc = false;
        foreach (var step in Flatten(normalizer, "normalizers", "normalizer"))
        {
            switch (TypeOf(step, "normalizer"))
            {
                case "NFKC":
                    nfkc = true;
                    break;
                case "BertNormalizer" when IsInertBertNormalizer(step):
                    // KoGPT2 carries a BertNormalizer with every option off, which changes nothing.
                    break;
                case "BertNormalizer":
                    throw new TokenizerFormatException("Unsupported normalizer: BertNormalizer with options turned on (only the all-off form is supported).");
                case var other:
                    throw new TokenizerFormatException($"Unsupported normalizer: {other} (supported: NFKC, an all-off BertNormalizer, or none).");
            }
        }

        return nfkc;
    }

    private static bool IsInertBertNormalizer(JsonElement step)
    {
        // HF's defaults for missing keys are true (clean_text, handle_chinese_chars, lowercase), so absent counts as on.
        return IsFalse(step, "clean_text") && IsFalse(step, "handle_chinese_chars") && IsFalse(step, "lowercase")
            && (!step.TryGetProperty("strip_accents", out var strip) || strip.ValueKind is JsonValueKind.Null or JsonValueKind.False);
    }

    private static (char Replacement, bool Prepend) ReadPreTokenizer(JsonElement root)
    {
        if (!root.TryGetProperty("pre_tokenizer", out var pre) || pre.ValueKind == JsonValueKind.Null)
        {
            throw new TokenizerFormatException("Unsupported pre_tokenizer: none (a Metaspace pre-tokenizer is required).");
        }

        var steps = Flatten(pre, "pretokenizers", "pre_tokenizer").ToList();
        foreach (var step in steps)
        {
            var type = TypeOf(step, "pre_tokenizer");
            if (type == "ByteLevel")
            {
                throw new TokenizerFormatException("Unsupported pre_tokenizer: ByteLevel (byte-level BPE such as GPT-2's English tokenizer is not supported; only Metaspace ▁ tokenizers).");
            }

            if (type != "Metaspace")
            {
                throw new TokenizerFormatException($"Unsupported pre_tokenizer: {type} (only a single Metaspace is supported).");
            }
        }

        if (steps.Count != 1)
        {
            throw new TokenizerFormatException($"Unsupported pre_tokenizer: a sequence of {steps.Count} steps (only a single Metaspace is supported).");
        }

        return ReadMetaspace(steps[0], "pre_tokenizer");
    }

    private static void ReadDecoder(JsonElement root, char replacement)
    {
        if (!root.TryGetProperty("decoder", out var decoder) || decoder.ValueKind == JsonValueKind.Null)
        {
            throw new TokenizerFormatException("Unsupported decoder: none (a Metaspace decoder is required).");
        }

        var steps = Flatten(decoder, "decoders", "decoder").ToList();
        if (steps.Count != 1 || TypeOf(steps[0], "decoder") != "Metaspace")
        {
            var types = string.Join(", ", steps.Select(s => TypeOf(s, "decoder")));
            throw new TokenizerFormatException($"Unsupported decoder: {types} (only a single Metaspace is supported).");
        }

        var (decoderReplacement, prepend) = ReadMetaspace(steps[0], "decoder");
        if (decoderReplacement != replacement || !prepend)
        {
            throw new TokenizerFormatException("Unsupported decoder: its Metaspace settings differ from the pre_tokenizer's.");
        }
    }

    private static (char Replacement, bool Prepend) ReadMetaspace(JsonElement step, string where)
    {
        var replacementText = step.TryGetProperty("replacement", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "\u2581";
        if (replacementText.Length != 1)
        {
            throw new TokenizerFormatException($"Unsupported {where}: Metaspace replacement '{replacementText}' must be one UTF-16 character.");
        }

        // Current HF writes prepend_scheme; older files write add_prefix_space, and false there means "never".
        var scheme = step.TryGetProperty("prepend_scheme", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : "always";
        if (step.TryGetProperty("add_prefix_space", out var a) && a.ValueKind == JsonValueKind.False)
        {
            scheme = "never";
        }

        if (step.TryGetProperty("split", out var split) && split.ValueKind == JsonValueKind.False)
        {
            throw new TokenizerFormatException($"Unsupported {where}: Metaspace with split false.");
        }

        return scheme switch
        {
            "always" => (replacementText[0], true),
            "never" => (replacementText[0], false),
            _ => throw new TokenizerFormatException($"Unsupported {where}: Metaspace prepend_scheme '{scheme}' (supported: always, never)."),
        };
    }

    private static (Dictionary<string, int> Vocab, List<(string, string)> Merges, string? Unk, bool FuseUnk) ReadModel(JsonElement model)
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

    private static List<AddedToken> ReadAddedTokens(JsonElement root)
    {
        var result = new List<AddedToken>();
        if (!root.TryGetProperty("added_tokens", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new TokenizerFormatException("\"added_tokens\" must be an array.");
        }

        foreach (var token in array.EnumerateArray())
        {
            if (!token.TryGetProperty("id", out var idElement) || !idElement.TryGetInt32(out var id) || id < 0
                || !token.TryGetProperty("content", out var contentElement) || contentElement.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(contentElement.GetString()))
            {
                throw new TokenizerFormatException($"Added token #{result.Count} needs a non-negative \"id\" and a non-empty \"content\".");
            }

            var content = contentElement.GetString()!;
            foreach (var option in new[] { "single_word", "lstrip", "rstrip" })
            {
                if (token.TryGetProperty(option, out var v) && v.ValueKind == JsonValueKind.True)
                {
                    throw new TokenizerFormatException($"Unsupported added token option: {option} on '{content}'.");
                }
            }

            var special = token.TryGetProperty("special", out var s) && s.ValueKind == JsonValueKind.True;
            // HF defaults "normalized" to !special; a normalized added token would be matched after NFKC, which is not implemented.
            var normalized = token.TryGetProperty("normalized", out var n) ? n.ValueKind == JsonValueKind.True : !special;
            if (normalized)
            {
                throw new TokenizerFormatException($"Unsupported added token option: normalized true on '{content}'.");
            }

            result.Add(new AddedToken(id, content, special));
        }

        return result;
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement element, string listName, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new TokenizerFormatException($"\"{where}\" must be an object or null.");
        }

        if (TypeOf(element, where) != "Sequence")
        {
            return [element];
        }

        if (!element.TryGetProperty(listName, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new TokenizerFormatException($"The {where} Sequence has no \"{listName}\" array.");
        }

        return list.EnumerateArray().SelectMany(e => Flatten(e, listName, where)).ToList();
    }

    private static string TypeOf(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw new TokenizerFormatException($"A {where} entry has no \"type\".");
        }

        return type.GetString()!;
    }

    private static bool IsFalse(JsonElement element, string name)
        => element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.False;
}
