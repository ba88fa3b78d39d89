using RelayNovel.Training.Tokenizer;

namespace RelayNovel.Training.Tests;

public sealed class TokenizerJsonTests
{
    [Fact]
    public void ToJson_ThenFromJson_EncodesTextIdentically()
    {
        var text = "옛날 옛적에 어느 마을에 착한 나무꾼이 살았습니다.\n나무꾼은 날마다 산에 갔습니다.";
        var vocab = BpeTrainer.Train(WordCounter.Count([text, text, "마을 사람들은 나무꾼을 좋아했습니다."]), 120, 1);

        var reloaded = BpeVocabulary.FromJson(vocab.ToJson());

        Assert.Equal(vocab.Tokens, reloaded.Tokens);
        Assert.Equal(vocab.Merges, reloaded.Merges);
        Assert.Equal(new BpeEncoder(vocab).Encode(text), new BpeEncoder(reloaded).Encode(text));
    }

    [Fact]
    public void Encode_WordsSeenInTraining_BecomeFewTokens()
    {
        var text = "나무꾼은 날마다 산에 갔습니다.";
        var vocab = BpeTrainer.Train(WordCounter.Count(Enumerable.Repeat(text, 5)), 200, 1);

        var ids = new BpeEncoder(vocab).Encode(text);

        Assert.Equal(4, ids.Count);
        Assert.Equal(["▁나무꾼은", "▁날마다", "▁산에", "▁갔습니다."], ids.Select(i => vocab.Tokens[i]));
    }
}
