using RelayNovel.Inference.Generation;

namespace RelayNovel.Tests.Generation;

public sealed class PromptFitterTests
{
    // Word starts are even ids in these tests.
    private static bool EvenStartsAWord(int id) => id % 2 == 0;

    [Fact]
    public void Fit_EverythingFits_KeepsAllInOrder()
    {
        var (ids, dropped) = PromptFitter.Fit([100, 101], [2, 3, 4], budget: 10, EvenStartsAWord);

        Assert.Equal([100, 101, 2, 3, 4], ids);
        Assert.Equal(0, dropped);
    }

    [Fact]
    public void Fit_TooLong_KeepsThePinnedHeadAndDropsTheOldestStory()
    {
        int[] pinned = [100, 101, 102];
        var story = Enumerable.Range(0, 40).ToArray();

        var (ids, dropped) = PromptFitter.Fit(pinned, story, budget: 20, EvenStartsAWord);

        Assert.Equal(pinned, ids.Take(3));
        Assert.Equal(story[^(ids.Count - 3)..], ids.Skip(3));
        Assert.Equal(story.Length - (ids.Count - 3), dropped);
        Assert.True(ids.Count <= 20);
    }

    [Fact]
    public void Fit_CutInsideAWord_MovesForwardToTheNextWordStart()
    {
        // Budget leaves 5 story tokens: the newest five start with odd id 5, so the cut moves to 6.
        var (ids, dropped) = PromptFitter.Fit([], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], budget: 5, EvenStartsAWord);

        Assert.Equal([6, 7, 8, 9], ids);
        Assert.Equal(6, dropped);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(63)]
    public void Fit_AnyBudget_NeverExceedsIt(int budget)
    {
        var story = Enumerable.Range(0, 64).ToArray();

        var (ids, _) = PromptFitter.Fit([], story, budget, _ => false);

        Assert.Equal(budget, ids.Count);
    }

    [Fact]
    public void Fit_PinnedLongerThanTheBudget_ThrowsAClearError()
    {
        var ex = Assert.Throws<ArgumentException>(() => PromptFitter.Fit([1, 2, 3, 4], [5], budget: 3, EvenStartsAWord));

        Assert.Contains("pinned", ex.Message);
    }
}
