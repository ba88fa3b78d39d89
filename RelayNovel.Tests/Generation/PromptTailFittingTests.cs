using RelayNovel.Inference.Generation;
using RelayNovel.Tests.Tokenization;

namespace RelayNovel.Tests.Generation;

/// <summary>
/// The prompt fitter tokenizes only as much of the story's end as can fill the context, and keeps exactly the tokens
/// fitting the whole story would keep.
/// </summary>
public sealed class PromptTailFittingTests
{
    private static readonly int[] Pinned = [5, 6, 7];

    [SharedDataFact(ReferenceVector.TokenizerPath)]
    public void Fit_StoryThatFits_IsTokenizedWholeAndKeptWhole()
    {
        var tokenizer = KoGpt2Tokenizer.Instance;
        var story = string.Join(' ', Enumerable.Range(0, 50).Select(i => $"곰{i}이 걸었다."));
        var encoded = new List<string>();

        var (ids, dropped) = PromptFitter.Fit(Pinned, story, budget: 900, Watch(tokenizer.Encode, encoded), IsWordStart);

        Assert.Equal([story], encoded);
        Assert.Equal(0, dropped);
        Assert.Equal([.. Pinned, .. tokenizer.Encode(story)], ids);
    }

    [SharedDataFact(ReferenceVector.TokenizerPath)]
    public void Fit_StoryFarLongerThanTheContext_TokenizesOnlyATailAndKeepsTheSameTokens()
    {
        var tokenizer = KoGpt2Tokenizer.Instance;
        var story = string.Join(' ', Enumerable.Range(0, 20_000).Select(i => $"곰{i}이 걸었다."));
        var encoded = new List<string>();
        const int Budget = 200;

        var (ids, dropped) = PromptFitter.Fit(Pinned, story, Budget, Watch(tokenizer.Encode, encoded), IsWordStart);

        var (wholeIds, wholeDropped) = PromptFitter.Fit(Pinned, tokenizer.Encode(story), Budget, IsWordStart);
        Assert.Equal(wholeIds, ids);
        Assert.All(encoded, text => Assert.True(text.Length < story.Length / 10, $"{text.Length} of {story.Length} characters were tokenized."));
        Assert.InRange(dropped, wholeDropped * 0.9, wholeDropped * 1.1);   // estimated from the tail's characters per token
    }

    [Fact]
    public void Fit_TailHoldingTooFewTokens_IsWidenedUntilItHoldsEnough()
    {
        // One token per 40-character word: ten times what the first tail assumes, so it must widen.
        var story = string.Join(' ', Enumerable.Range(0, 2_000).Select(i => i.ToString("D40", System.Globalization.CultureInfo.InvariantCulture)));
        var encoded = new List<string>();
        const int Budget = 100;

        var (ids, _) = PromptFitter.Fit(Pinned, story, Budget, Watch(WordPerToken, encoded), _ => true);

        var (wholeIds, _) = PromptFitter.Fit(Pinned, WordPerToken(story), Budget, _ => true);
        Assert.Equal(wholeIds, ids);
        Assert.True(encoded.Count > 1);
        Assert.True(encoded[^1].Length < story.Length);
    }

    [Fact]
    public void Fit_SpacelessStory_StartsItsTailOnACharacterNotInsideASurrogatePair()
    {
        var story = string.Concat(Enumerable.Repeat("😀", 5_000));
        var encoded = new List<string>();

        PromptFitter.Fit(Pinned, story, budget: 100, Watch(s => [.. s.Select(c => (int)c)], encoded), _ => true);

        Assert.All(encoded, text => Assert.False(char.IsLowSurrogate(text[0])));
    }

    private static Func<string, IReadOnlyList<int>> Watch(Func<string, IReadOnlyList<int>> encode, List<string> seen) => text =>
    {
        seen.Add(text);
        return encode(text);
    };

    private static IReadOnlyList<int> WordPerToken(string text) =>
        [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.GetHashCode(StringComparison.Ordinal) & 0xffff)];

    private static bool IsWordStart(int id) => KoGpt2Tokenizer.Instance.IdToToken(id) is ['\u2581', ..];
}
