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

            var nfkc = PipelineJsonReader.ReadNormalizer(root);
            var (replacement, prepend) = PipelineJsonReader.ReadPreTokenizer(root);
            PipelineJsonReader.ReadDecoder(root, replacement, prepend);
            var (vocab, merges, unk, fuseUnk) = BpeModelJsonReader.Read(model);
            var added = ReadAddedTokens(root);
            return new TokenizerDefinition(added, vocab, merges, unk, fuseUnk, nfkc, replacement, prepend);
        }
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

            if (id >= BpeModelJsonReader.MaxId)
            {
                throw new TokenizerFormatException($"Added token #{result.Count} has id {id}, beyond the supported {BpeModelJsonReader.MaxId}.");
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
}
