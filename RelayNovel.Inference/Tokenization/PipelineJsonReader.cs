using System.Text.Json;

namespace RelayNovel.Inference.Tokenization;

/// <summary>Reads the normalizer, pre-tokenizer and decoder of a tokenizer.json, refusing what HfTokenizer does not reproduce.</summary>
internal static class PipelineJsonReader
{
    public static bool ReadNormalizer(JsonElement root)
    {
        if (!root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        var nfkc = false;
        foreach (var step in TokenizerJson.Flatten(normalizer, "normalizers", "normalizer"))
        {
            switch (TokenizerJson.TypeOf(step, "normalizer"))
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
        return TokenizerJson.IsFalse(step, "clean_text") && TokenizerJson.IsFalse(step, "handle_chinese_chars") && TokenizerJson.IsFalse(step, "lowercase")
            && (!step.TryGetProperty("strip_accents", out var strip) || strip.ValueKind is JsonValueKind.Null or JsonValueKind.False);
    }

    public static (char Replacement, bool Prepend) ReadPreTokenizer(JsonElement root)
    {
        if (!root.TryGetProperty("pre_tokenizer", out var pre) || pre.ValueKind == JsonValueKind.Null)
        {
            throw new TokenizerFormatException("Unsupported pre_tokenizer: none (a Metaspace pre-tokenizer is required).");
        }

        var steps = TokenizerJson.Flatten(pre, "pretokenizers", "pre_tokenizer").ToList();
        foreach (var step in steps)
        {
            var type = TokenizerJson.TypeOf(step, "pre_tokenizer");
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

    public static void ReadDecoder(JsonElement root, char replacement, bool prepend)
    {
        if (!root.TryGetProperty("decoder", out var decoder) || decoder.ValueKind == JsonValueKind.Null)
        {
            throw new TokenizerFormatException("Unsupported decoder: none (a Metaspace decoder is required).");
        }

        var steps = TokenizerJson.Flatten(decoder, "decoders", "decoder").ToList();
        if (steps.Count != 1 || TokenizerJson.TypeOf(steps[0], "decoder") != "Metaspace")
        {
            var types = string.Join(", ", steps.Select(s => TokenizerJson.TypeOf(s, "decoder")));
            throw new TokenizerFormatException($"Unsupported decoder: {types} (only a single Metaspace is supported).");
        }

        var (decoderReplacement, decoderPrepend) = ReadMetaspace(steps[0], "decoder");
        if (decoderReplacement != replacement || decoderPrepend != prepend)
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
}
