using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RelayNovel.Inference.Tokenization;

/// <summary>
/// Writes a Hugging Face tokenizer.json of the KoGPT2 kind: NFKC, Metaspace ▁ with a prefix space,
/// a BPE model without byte fallback, and the special tokens first as added tokens.
/// </summary>
public static class TokenizerJsonWriter
{
    // Kept identical to what HF tokenizers reads for KoGPT2, so both HF and HfTokenizer load our files.
    private const string Replacement = "\u2581";

    /// <param name="addedSpecialTokens">Special tokens; they take ids 0..Count-1.</param>
    /// <param name="vocab">All token strings in id order, starting with the special tokens themselves.</param>
    /// <param name="merges">BPE merges by rank (first = applied first).</param>
    /// <param name="unkToken">The token used for characters the vocabulary lacks; must be in the vocabulary.</param>
    public static string ToJson(IReadOnlyList<string> addedSpecialTokens, IReadOnlyList<string> vocab,
        IReadOnlyList<(string Left, string Right)> merges, string unkToken)
    {
        ArgumentNullException.ThrowIfNull(addedSpecialTokens);
        ArgumentNullException.ThrowIfNull(vocab);
        ArgumentNullException.ThrowIfNull(merges);
        ArgumentNullException.ThrowIfNull(unkToken);
        Validate(addedSpecialTokens, vocab, merges, unkToken);

        // HF accepts "a b" strings everywhere; the [a, b] form is only understood by newer versions,
        // so it is used only when a piece holds a space and the string form would be ambiguous.
        var arrayMerges = merges.Any(m => m.Left.Contains(' ', StringComparison.Ordinal) || m.Right.Contains(' ', StringComparison.Ordinal));

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            // Keep Hangul and ▁ readable in the file instead of \uXXXX escapes.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteString("version", "1.0");
            json.WriteNull("truncation");
            json.WriteNull("padding");
            WriteAddedTokens(json, addedSpecialTokens);
            WriteNormalizer(json);
            json.WritePropertyName("pre_tokenizer");
            WriteMetaspace(json);
            json.WriteNull("post_processor");
            json.WritePropertyName("decoder");
            WriteMetaspace(json);
            WriteModel(json, vocab, merges, unkToken, arrayMerges);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Validate(IReadOnlyList<string> specials, IReadOnlyList<string> vocab,
        IReadOnlyList<(string Left, string Right)> merges, string unkToken)
    {
        var ids = new Dictionary<string, int>(vocab.Count, StringComparer.Ordinal);
        for (var i = 0; i < vocab.Count; i++)
        {
            if (string.IsNullOrEmpty(vocab[i]))
            {
                throw new ArgumentException($"Vocabulary entry {i} is empty.", nameof(vocab));
            }

            if (!ids.TryAdd(vocab[i], i))
            {
                throw new ArgumentException($"Vocabulary entry '{vocab[i]}' appears twice (ids {ids[vocab[i]]} and {i}).", nameof(vocab));
            }
        }

        for (var i = 0; i < specials.Count; i++)
        {
            if (i >= vocab.Count || !string.Equals(vocab[i], specials[i], StringComparison.Ordinal))
            {
                throw new ArgumentException($"Special token '{specials[i]}' must be vocabulary entry {i}.", nameof(vocab));
            }
        }

        if (!ids.ContainsKey(unkToken))
        {
            throw new ArgumentException($"Unknown token '{unkToken}' is not in the vocabulary.", nameof(unkToken));
        }

        foreach (var (left, right) in merges)
        {
            if (!ids.ContainsKey(left) || !ids.ContainsKey(right) || !ids.ContainsKey(left + right))
            {
                throw new ArgumentException($"Merge '{left}' + '{right}' uses or makes a piece missing from the vocabulary.", nameof(merges));
            }
        }
    }

    private static void WriteAddedTokens(Utf8JsonWriter json, IReadOnlyList<string> specials)
    {
        json.WriteStartArray("added_tokens");
        for (var i = 0; i < specials.Count; i++)
        {
            json.WriteStartObject();
            json.WriteNumber("id", i);
            json.WriteString("content", specials[i]);
            json.WriteBoolean("single_word", false);
            json.WriteBoolean("lstrip", false);
            json.WriteBoolean("rstrip", false);
            json.WriteBoolean("normalized", false);
            json.WriteBoolean("special", true);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteNormalizer(Utf8JsonWriter json)
    {
        json.WriteStartObject("normalizer");
        json.WriteString("type", "NFKC");
        json.WriteEndObject();
    }

    private static void WriteMetaspace(Utf8JsonWriter json)
    {
        // Both the legacy add_prefix_space and the current prepend_scheme/split, so old and new HF read it alike.
        json.WriteStartObject();
        json.WriteString("type", "Metaspace");
        json.WriteString("replacement", Replacement);
        json.WriteBoolean("add_prefix_space", true);
        json.WriteString("prepend_scheme", "always");
        json.WriteBoolean("split", true);
        json.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter json, IReadOnlyList<string> vocab,
        IReadOnlyList<(string Left, string Right)> merges, string unkToken, bool arrayMerges)
    {
        json.WriteStartObject("model");
        json.WriteString("type", "BPE");
        json.WriteNull("dropout");
        json.WriteString("unk_token", unkToken);
        json.WriteNull("continuing_subword_prefix");
        json.WriteNull("end_of_word_suffix");
        json.WriteBoolean("fuse_unk", false);
        json.WriteBoolean("byte_fallback", false);
        json.WriteStartObject("vocab");
        for (var i = 0; i < vocab.Count; i++)
        {
            json.WriteNumber(vocab[i], i);
        }

        json.WriteEndObject();
        json.WriteStartArray("merges");
        foreach (var (left, right) in merges)
        {
            if (arrayMerges)
            {
                json.WriteStartArray();
                json.WriteStringValue(left);
                json.WriteStringValue(right);
                json.WriteEndArray();
            }
            else
            {
                json.WriteStringValue(left + " " + right);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
