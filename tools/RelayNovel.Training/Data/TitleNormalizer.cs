using System.Globalization;
using System.Text;

namespace RelayNovel.Training.Data;

/// <summary>Reduces a title to letters and digits so spacing/punctuation variants of one story match.</summary>
internal static class TitleNormalizer
{
    public static string Normalize(string title)
    {
        var builder = new StringBuilder(title.Length);
        foreach (var c in title.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
