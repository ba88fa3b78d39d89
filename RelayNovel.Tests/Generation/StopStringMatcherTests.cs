using RelayNovel.Inference.Generation;

namespace RelayNovel.Tests.Generation;

public sealed class StopStringMatcherTests
{
    [Fact]
    public void Push_StopStringSplitAcrossChunks_NeverShowsAnyOfIt()
    {
        var matcher = new StopStringMatcher(["###"]);

        var shown = matcher.Push("그는 웃었다#") + matcher.Push("#") + matcher.Push("# 다음");

        Assert.Equal("그는 웃었다", shown);
        Assert.True(matcher.Stopped);
        Assert.Equal(string.Empty, matcher.Push("더"));
    }

    [Fact]
    public void Push_PrefixThatDoesNotComplete_IsReleased()
    {
        var matcher = new StopStringMatcher(["\n\n"]);

        var shown = matcher.Push("첫 줄\n") + matcher.Push("둘째 줄") + matcher.Flush();

        Assert.Equal("첫 줄\n둘째 줄", shown);
        Assert.False(matcher.Stopped);
    }

    [Fact]
    public void Push_SeveralStopStrings_StopsAtTheEarliest()
    {
        var matcher = new StopStringMatcher(["끝", "그만"]);

        Assert.Equal("이제 ", matcher.Push("이제 그만 끝"));
    }

    [Fact]
    public void Flush_HeldBackPrefixAtTheEnd_IsReleased()
    {
        var matcher = new StopStringMatcher(["<끝>"]);

        var shown = matcher.Push("마지막 <") + matcher.Flush();

        Assert.Equal("마지막 <", shown);
    }
}
