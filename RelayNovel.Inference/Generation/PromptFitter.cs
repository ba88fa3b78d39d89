namespace RelayNovel.Inference.Generation;

/// <summary>
/// Fits a pinned head plus story tokens into a token budget: the head is always kept, the oldest story
/// tokens go first, and the cut moves forward to the next word start so the kept story does not begin
/// with half a word.
/// </summary>
internal static class PromptFitter
{
    // How far the cut may move forward to reach a word start before it settles for a mid-word cut.
    private const int MaxWordBoundarySkip = 16;

    /// <returns>The prompt ids and how many story tokens were dropped.</returns>
    public static (List<int> Ids, int DroppedStoryTokens) Fit(
        IReadOnlyList<int> pinned, IReadOnlyList<int> story, int budget, Func<int, bool> isWordStart)
    {
        if (pinned.Count > budget)
        {
            throw new ArgumentException(
                $"The pinned part of the prompt is {pinned.Count} tokens, more than the {budget} tokens the context leaves for it; shorten the premise or author's note.");
        }

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
}
