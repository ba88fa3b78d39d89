namespace RelayNovel.Inference.Generation;

/// <summary>
/// Decides whether generated text ends at the end of a sentence (다. 요. ." ?! … 。), so an AI turn can stop
/// at a natural point instead of mid-sentence.
/// </summary>
public static class SentenceEnd
{
    private const string Terminators = ".?!…。？！";
    private const string Closers = "\"'”’)」』》〉]";

    /// <summary>True when <paramref name="text"/>, ignoring trailing whitespace, ends a sentence.</summary>
    public static bool IsAtSentenceEnd(string text)
    {
        var end = text.AsSpan().TrimEnd();
        var i = end.Length - 1;
        while (i >= 0 && Closers.Contains(end[i]))
        {
            i--;
        }

        if (i < 0 || !Terminators.Contains(end[i]))
        {
            return false;
        }

        // "3." may be the start of "3.5"; a lone ASCII period after a digit is not trusted as an end.
        if (end[i] == '.' && i > 0 && char.IsAsciiDigit(end[i - 1]))
        {
            return false;
        }

        // Inside an open quotation the sentence continues until the quote closes: 그는 "안녕. 잘 가." 하고 말했다.
        return QuotesBalanced(end);
    }

    private static bool QuotesBalanced(ReadOnlySpan<char> text)
    {
        var straight = 0;
        var curlyDepth = 0;
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    straight++;
                    break;
                case '“' or '「' or '『':
                    curlyDepth++;
                    break;
                case '”' or '」' or '』':
                    curlyDepth = Math.Max(0, curlyDepth - 1);
                    break;
            }
        }

        return straight % 2 == 0 && curlyDepth == 0;
    }
}
