namespace RelayNovel.Inference.Generation;

/// <summary>
/// Fits a pinned head plus story tokens into a token budget: the head is always kept, the oldest story
/// tokens go first, and the cut moves forward to the next word start so the kept story does not begin
/// with half a word. Only a tail of a long story is tokenized: enough to fill the budget, never the whole.
/// </summary>
internal static class PromptFitter
{
    // How far the cut may move forward to reach a word start before it settles for a mid-word cut.
    private const int MaxWordBoundarySkip = 16;

    // The first tail tried holds this many characters per token the story may keep: Korean prose runs 1.5–3
    // characters a token and English about 4, so one try usually suffices; a tail that proves short is doubled.
    internal const int TailCharsPerToken = 4;

    // How far a tail's start may move forward to reach a space, so that it starts on a word as the whole story does.
    private const int MaxTailStartSkip = 64;

    /// <summary>
    /// Fits <paramref name="story"/> after <paramref name="pinned"/>. A story that fits is tokenized whole, and the result
    /// is the same as fitting all of its tokens. Of a longer one only a tail holding more tokens than the budget is
    /// tokenized; the dropped count then adds an estimate for the text before the tail, at the tail's rate.
    /// </summary>
    /// <returns>The prompt ids and how many story tokens were dropped.</returns>
    public static (List<int> Ids, int DroppedStoryTokens) Fit(
        IReadOnlyList<int> pinned, string story, int budget, Func<string, IReadOnlyList<int>> encode, Func<int, bool> isWordStart)
    {
        RequirePinnedFits(pinned, budget);
        var needed = budget - pinned.Count + MaxWordBoundarySkip + 1;
        for (var chars = (long)needed * TailCharsPerToken; ; chars *= 2)
        {
            if (story.Length <= chars)
            {
                return Fit(pinned, encode(story), budget, isWordStart);
            }

            var start = TailStart(story, story.Length - (int)chars);
            var tail = encode(story[start..]);
            if (tail.Count >= needed)
            {
                var (ids, dropped) = Fit(pinned, tail, budget, isWordStart);
                var before = (long)Math.Round((double)start * tail.Count / (story.Length - start));
                return (ids, (int)Math.Min(int.MaxValue, dropped + before));
            }
        }
    }

    /// <returns>The prompt ids and how many story tokens were dropped.</returns>
    public static (List<int> Ids, int DroppedStoryTokens) Fit(
        IReadOnlyList<int> pinned, IReadOnlyList<int> story, int budget, Func<int, bool> isWordStart)
    {
        RequirePinnedFits(pinned, budget);
        var dropped = Math.Max(0, story.Count - (budget - pinned.Count));
        if (dropped > 0)
        {
            var limit = Math.Min(story.Count, dropped + MaxWordBoundarySkip);
            var cut = dropped;
            while (cut < limit && !isWordStart(story[cut]))
            {
                cut++;
            }

            if (cut < story.Count && isWordStart(story[cut]))
            {
                dropped = cut;
            }
        }

        var ids = new List<int>(pinned.Count + story.Count - dropped);
        ids.AddRange(pinned);
        for (var i = dropped; i < story.Count; i++)
        {
            ids.Add(story[i]);
        }

        return (ids, dropped);
    }

    /// <summary>
    /// Where a tail starting near <paramref name="start"/> begins: at the next space when one is near (the tail's
    /// first word then tokenizes as it does in the whole story), else at a character boundary that splits no
    /// surrogate pair and no character from its combining marks.
    /// </summary>
    internal static int TailStart(string story, int start)
    {
        var space = story.IndexOf(' ', start, Math.Min(MaxTailStartSkip, story.Length - start));
        if (space >= 0)
        {
            return space;
        }

        while (start < story.Length && (char.IsLowSurrogate(story[start]) || char.GetUnicodeCategory(story[start]) is
            System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark
            or System.Globalization.UnicodeCategory.EnclosingMark))
        {
            start++;
        }

        return start;
    }

    private static void RequirePinnedFits(IReadOnlyList<int> pinned, int budget)
    {
        if (pinned.Count > budget)
        {
            throw new ArgumentException(
                $"The pinned part of the prompt is {pinned.Count} tokens, more than the {budget} tokens the context leaves for it; shorten the premise or author's note.");
        }
    }
}
