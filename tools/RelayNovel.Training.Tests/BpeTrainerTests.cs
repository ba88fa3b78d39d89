using RelayNovel.Training.Tokenizer;

namespace RelayNovel.Training.Tests;

public sealed class BpeTrainerTests
{
    private static Dictionary<string, long> Words(params string[] docs) => WordCounter.Count(docs);

    [Fact]
    public void Train_SmallKoreanText_LearnsMostFrequentPairsFirst()
    {
        var vocab = BpeTrainer.Train(Words("가나 가나 가나 가나다 가나다"), vocabSize: 100, minCharFrequency: 1);

        // (▁,가) and (가,나) both occur 5 times; the tie goes to the smaller left string (▁ U+2581 < 가).
        Assert.Equal([("▁", "가"), ("▁가", "나"), ("▁가나", "다")], vocab.Merges.Take(3));
        Assert.Contains("▁가나다", vocab.Tokens);
    }

    [Fact]
    public void Train_StopsAtRequestedVocabularySize()
    {
        var vocab = BpeTrainer.Train(Words("하늘 하늘이 하늘을 바다 바다가 바다를 하늘과 바다"), vocabSize: BpeVocabulary.DefaultSpecials.Count + 12, minCharFrequency: 1);

        Assert.Equal(BpeVocabulary.DefaultSpecials.Count + 12, vocab.Tokens.Count);
        Assert.Equal(vocab.Tokens.Count, vocab.Tokens.Distinct().Count());
    }

    [Fact]
    public void Train_SpecialTokensTakeTheFirstIds()
    {
        var vocab = BpeTrainer.Train(Words("옛날 옛적에"), 50, 1);

        Assert.Equal(["<s>", "</s>", "<pad>", "<unk>"], vocab.Tokens.Take(4));
    }

    [Fact]
    public void Train_RareCharacters_AreLeftOutOfTheAlphabetAndEncodeAsUnk()
    {
        var vocab = BpeTrainer.Train(Words("가가가 가가 가 나 鬱"), 60, minCharFrequency: 2);
        var encoder = new BpeEncoder(vocab);

        Assert.DoesNotContain("鬱", vocab.Tokens);
        Assert.DoesNotContain("나", vocab.Tokens);
        Assert.Equal(encoder.UnkId, encoder.Encode("鬱").Last());
    }

    [Fact]
    public void Train_SameInputInAnyOrder_GivesIdenticalTokenizerJson()
    {
        var docs = new[] { "그는 집으로 돌아갔다.", "그녀는 집에서 기다렸다.", "집으로 가는 길은 멀었다.\n그는 걸었다." };
        var forward = BpeTrainer.Train(Words(docs), 80, 1).ToJson();
        var backward = BpeTrainer.Train(Words([.. docs.Reverse()]), 80, 1).ToJson();

        Assert.Equal(forward, backward);
    }

    [Fact]
    public void Encode_NewlineStaysInsideTheWord_LikeKoGpt2()
    {
        Assert.Equal(["▁끝났다.\n다음", "▁날"], Metaspace.Words("끝났다.\n다음 날"));
        Assert.Equal(["▁", "▁a", "▁", "▁"], Metaspace.Words("  a  "));
    }
}
