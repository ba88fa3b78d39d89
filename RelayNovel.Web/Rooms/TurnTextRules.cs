namespace RelayNovel.Web.Rooms;

/// <summary>What a submitted turn may contain.</summary>
internal static class TurnTextRules
{
    /// <summary>Returns the text to store (line ends normalised, outer whitespace trimmed) or throws a <see cref="RoomException"/>.</summary>
    public static string Validate(string? text, RoomSettings settings)
    {
        var normalised = Normalise(text);
        CheckCharacters(normalised, "A turn");
        var trimmed = normalised.Trim();
        if (trimmed.Length == 0)
        {
            throw new RoomException(RoomErrorCode.InvalidText, "A turn can't be empty.");
        }
        if (trimmed.Length > settings.MaxTurnChars)
        {
            throw new RoomException(RoomErrorCode.TooLong,
                $"A turn can be at most {settings.MaxTurnChars} characters; this one has {trimmed.Length}.");
        }
        if (trimmed.Length < settings.MinTurnChars)
        {
            throw new RoomException(RoomErrorCode.InvalidText,
                $"A turn needs at least {settings.MinTurnChars} characters; this one has {trimmed.Length}.");
        }
        return trimmed;
    }

    public static string Normalise(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>
    /// Only printable text and line breaks: no other control characters, no broken surrogate pairs, and none of the
    /// invisible characters that make text read differently from what it is (bidi overrides and isolates, as in
    /// "Trojan Source"; zero-width spaces, word joiners and BOMs). ZWJ/ZWNJ stay allowed: emoji sequences need them.
    /// </summary>
    public static void CheckCharacters(string text, string what, bool allowNewLines = true, RoomErrorCode code = RoomErrorCode.InvalidText)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n' && allowNewLines)
            {
                continue;
            }
            if (char.IsControl(c))
            {
                throw new RoomException(code,
                    $"{what} can't contain control characters (found U+{(int)c:X4} at position {i + 1}).");
            }
            if (IsInvisibleOrBidiControl(c))
            {
                throw new RoomException(code,
                    $"{what} can't contain invisible or text-direction control characters (found U+{(int)c:X4} at position {i + 1}).");
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                throw new RoomException(code, $"{what} contains a broken character at position {i + 1}.");
            }
        }
    }

    private static bool IsInvisibleOrBidiControl(char c) => c is '\u200B' or '\u200E' or '\u200F' or '\uFEFF' or '\u180E'
        or (>= '\u202A' and <= '\u202E') or (>= '\u2060' and <= '\u2064') or (>= '\u2066' and <= '\u2069');
}
