using System.Text;

namespace RelayNovel.Training.Tokenizer;

/// <summary>
/// NFKC + Metaspace pre-tokenization as HF tokenizers does it for KoGPT2: spaces become ▁, a ▁ is
/// prepended, and every ▁ starts a new word. Newlines stay characters inside words.
/// </summary>
internal static class Metaspace
{
    public const char Replacement = '\u2581';

    public static string Normalize(string text) => text.Normalize(NormalizationForm.FormKC);

    /// <summary>Splits already normalised text into words, each starting with ▁.</summary>
    public static IEnumerable<string> Words(string normalized)
    {
        if (normalized.Length == 0)
        {
            yield break;
        }

        var text = normalized.Replace(' ', Replacement);
        if (text[0] != Replacement)
        {
            text = Replacement + text;
        }

        var start = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == Replacement)
            {
                yield return text[start..i];
                start = i;
            }
        }

        yield return text[start..];
    }

    /// <summary>The characters of a word as HF sees them (Unicode scalars, not UTF-16 units).</summary>
    public static IEnumerable<string> Symbols(string word)
    {
        foreach (var rune in word.EnumerateRunes())
        {
            yield return rune.ToString();
        }
    }
}
