namespace RelayNovel.Web.Rooms.Backends;

/// <summary>
/// Fits a prompt by characters, for a remote model whose tokenizer we do not have: the pinned head whole, then as
/// much of the story's end as the budget allows, starting at a word boundary.
/// </summary>
public static class CharacterPromptFit
{
    public const string Separator = "\n\n";

    /// <summary>The prompt text and how many characters of the story's beginning were left out.</summary>
    public static (string Text, int DroppedChars) Fit(string pinned, string story, int budgetChars)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetChars);
        pinned = pinned.Trim();
        story = story.Trim();
        var room = Math.Max(0, budgetChars - pinned.Length - (pinned.Length > 0 ? Separator.Length : 0));
        var start = story.Length - Math.Min(room, story.Length);
        if (start > 0)
        {
            // Start after a space or line break so the model doesn't see half a word.
            var boundary = story.IndexOfAny([' ', '\n', '\t'], start - 1);
            start = boundary < 0 ? story.Length : boundary + 1;
        }
        var kept = story[start..].TrimStart();
        var text = pinned.Length == 0 ? kept : kept.Length == 0 ? pinned : pinned + Separator + kept;
        return (text, story.Length - kept.Length);
    }
}
