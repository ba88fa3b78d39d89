using System.Text.Json;

namespace RelayNovel.Inference.Checkpoints;

/// <summary>
/// Checks, before anything is written, that a tokenizer.json can drive the model: RelayNovel reads
/// KoGPT2-style tokenizers (BPE with a Metaspace ▁ pre-tokenizer) and every id it produces must exist
/// in the model's vocabulary.
/// </summary>
internal static class TokenizerCompatibility
{
    /// <returns>The tokenizer's vocabulary size (largest id + 1).</returns>
    public static int Check(string tokenizerPath, Gpt2Config config)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(tokenizerPath));
        }
        catch (JsonException ex)
        {
            throw new CheckpointFormatException($"'{tokenizerPath}' is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointFormatException($"'{tokenizerPath}' is not a Hugging Face tokenizer.json (no \"model\" object).");
            }

            var type = model.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type != "BPE")
            {
                throw new CheckpointFormatException($"'{tokenizerPath}' uses a {type ?? "unnamed"} model; RelayNovel reads BPE tokenizers of the KoGPT2 kind.");
            }

            var preTokenizers = PreTokenizerTypes(root.TryGetProperty("pre_tokenizer", out var p) ? p : default).ToList();
            if (!preTokenizers.Contains("Metaspace"))
            {
                var found = preTokenizers.Count == 0 ? "no pre-tokenizer" : $"a {string.Join(" + ", preTokenizers)} pre-tokenizer";
                var hint = preTokenizers.Contains("ByteLevel") ? " (the byte-level tokenizer of English GPT-2)" : "";
                throw new CheckpointFormatException(
                    $"'{tokenizerPath}' has {found}{hint}. RelayNovel reads KoGPT2-style tokenizers (BPE with a Metaspace ▁ pre-tokenizer), " +
                    "so a model folder made from this checkpoint could not be loaded; conversion refused.");
            }

            var maxId = -1;
            if (model.TryGetProperty("vocab", out var vocab) && vocab.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in vocab.EnumerateObject()) maxId = Math.Max(maxId, entry.Value.GetInt32());
            }

            if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
            {
                foreach (var token in added.EnumerateArray()) maxId = Math.Max(maxId, token.GetProperty("id").GetInt32());
            }

            if (maxId + 1 > config.VocabSize)
            {
                throw new CheckpointFormatException(
                    $"'{tokenizerPath}' has ids up to {maxId}, but the model's vocab_size is {config.VocabSize}; the tokenizer does not fit this model.");
            }

            return maxId + 1;
        }
    }

    private static IEnumerable<string> PreTokenizerTypes(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) yield break;
        if (element.TryGetProperty("type", out var type) && type.GetString() is { } name) yield return name;
        if (element.TryGetProperty("pretokenizers", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var inner in list.EnumerateArray())
            {
                foreach (var innerName in PreTokenizerTypes(inner)) yield return innerName;
            }
        }
    }
}
