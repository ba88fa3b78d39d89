using System.Text;

namespace RelayNovel.Inference.Tokenization;

/// <summary>
/// HF's normalizer and Metaspace pre-tokenizer for one stretch of text between added tokens:
/// NFKC, every ' ' becomes ▁, a ▁ is put in front unless the text already starts with one,
/// and each ▁ opens a new word (merged with what follows it).
/// </summary>
internal sealed class MetaspacePreTokenizer(bool nfkc, char replacement, bool prependPrefix)
{
    public IEnumerable<string> Words(string segment)
    {
        // HF works on Rust strings, where a lone surrogate cannot exist (it arrives as U+FFFD); .NET's Normalize would throw.
        var normalized = Utf16Text.ReplaceLoneSurrogates(segment);
        if (nfkc && !normalized.IsNormalized(NormalizationForm.FormKC))
        {
            normalized = normalized.Normalize(NormalizationForm.FormKC);
        }

        if (normalized.Length == 0)
        {
            yield break;
        }

        var prefix = prependPrefix && normalized[0] != ' ' && normalized[0] != replacement;
        var text = string.Create(normalized.Length + (prefix ? 1 : 0), (normalized, prefix, replacement), static (span, state) =>
        {
            var offset = 0;
            if (state.prefix)
            {
                span[0] = state.replacement;
                offset = 1;
            }

            state.normalized.AsSpan().Replace(span[offset..], ' ', state.replacement);
        });

        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == replacement)
            {
                yield return text[start..i];
                start = i;
            }
        }
    }
}
