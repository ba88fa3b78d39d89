using System.Text;

namespace RelayNovel.Web.Api.Epub;

/// <summary>
/// Text as XML 1.0 and the XHTML of EPUB accept it. Turns may hold characters XML forbids (U+0000 and the other C0
/// controls, lone surrogates, U+FFFE/U+FFFF), which would make the whole book unreadable, and ones HTML reports as
/// errors (C1 controls, noncharacters): they are dropped, tabs become spaces; everything else the writer escapes.
/// </summary>
public static class EpubXmlText
{
    public static string Clean(string text)
    {
        if (IsClean(text))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (!IsNonCharacter(char.ConvertToUtf32(c, text[i + 1])))
                {
                    clean.Append(c).Append(text[i + 1]);
                }
                i++;
            }
            else if (c == '\t')
            {
                clean.Append(' ');
            }
            else if (Allowed(c))
            {
                clean.Append(c);
            }
        }
        return clean.ToString();
    }

    private static bool IsClean(string text)
    {
        foreach (var c in text)
        {
            if (!Allowed(c) || char.IsSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A character that stands alone and may appear in the book (line breaks are split off before).</summary>
    private static bool Allowed(char c) =>
        c is '\n' or (>= ' ' and < '\u007f') or (> '\u009f' and < '\ud800') or (> '\udfff' and < '\ufdd0') or (> '\ufdef' and < '\ufffe');

    private static bool IsNonCharacter(int codePoint) => (codePoint & 0xfffe) == 0xfffe;
}
