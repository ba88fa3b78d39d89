namespace RelayNovel.Inference.Tokenization;

/// <summary>
/// Finds added tokens in raw text the way HF's added vocabulary does: leftmost match first and,
/// among matches starting at the same place, the longest.
/// </summary>
internal sealed class AddedTokenMatcher
{
    // Candidates keyed by their first UTF-16 unit, longest first, so the first hit at a position is the longest.
    private readonly Dictionary<char, AddedToken[]> _byFirstChar;

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        _byFirstChar = tokens
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
    }

    /// <summary>Calls <paramref name="onText"/> for each stretch of plain text and <paramref name="onToken"/> for each added token, in order.</summary>
    public void Split(string text, Action<int, int> onText, Action<AddedToken> onToken)
    {
        var textStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            var match = _byFirstChar.Count == 0 ? null : MatchAt(text, i);
            if (match is null)
            {
                i++;
                continue;
            }

            if (i > textStart)
            {
                onText(textStart, i - textStart);
            }

            onToken(match);
            i += match.Content.Length;
            textStart = i;
        }

        if (text.Length > textStart)
        {
            onText(textStart, text.Length - textStart);
        }
    }

    private AddedToken? MatchAt(string text, int position)
    {
        if (!_byFirstChar.TryGetValue(text[position], out var candidates))
        {
            return null;
        }

        var rest = text.AsSpan(position);
        foreach (var candidate in candidates)
        {
            if (rest.StartsWith(candidate.Content, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        return null;
    }
}
