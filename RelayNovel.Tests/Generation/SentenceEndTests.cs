using RelayNovel.Inference.Generation;

namespace RelayNovel.Tests.Generation;

public sealed class SentenceEndTests
{
    [Theory]
    [InlineData("그는 집으로 갔다.")]
    [InlineData("정말 그랬어요.")]
    [InlineData("왜 그랬을까?")]
    [InlineData("안 돼!")]
    [InlineData("그래서…")]
    [InlineData("그녀가 말했다. \"가자.\"")]
    [InlineData("문이 열렸다. \n")]
    [InlineData("“이제 끝이야.”")]
    public void IsAtSentenceEnd_FinishedSentence_IsTrue(string text)
    {
        Assert.True(SentenceEnd.IsAtSentenceEnd(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("그는 집으로")]
    [InlineData("가격은 3.")]
    [InlineData("그가 말했다. \"잠깐.")]
    [InlineData("“이제 끝이야.")]
    [InlineData("그는 말했다, ")]
    public void IsAtSentenceEnd_UnfinishedSentence_IsFalse(string text)
    {
        Assert.False(SentenceEnd.IsAtSentenceEnd(text));
    }
}
