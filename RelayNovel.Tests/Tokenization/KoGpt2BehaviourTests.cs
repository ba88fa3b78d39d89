using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Tests.Tokenization;

/// <summary>Behaviours of the KoGPT2 tokenizer that the generator and the room rely on.</summary>
public sealed class KoGpt2BehaviourTests
{
    [SharedDataFact(ReferenceVector.TokenizerPath)]
    public void VocabSize_KoGpt2_MatchesTheModelsEmbeddingRows()
    {
        Assert.Equal(51_200, KoGpt2Tokenizer.Instance.VocabSize);
    }

    [SharedDataFact(ReferenceVector.TokenizerPath)]
    public void Encode_PlainSentence_NeverAddsBosOrEos()
    {
        var ids = KoGpt2Tokenizer.Instance.Encode("옛날 옛적에 호랑이가 살았다.");

        Assert.DoesNotContain(0, ids);
        Assert.DoesNotContain(1, ids);
        Assert.Empty(KoGpt2Tokenizer.Instance.Encode(string.Empty));
    }

    [SharedDataFact(ReferenceVector.TokenizerPath)]
    public void Decode_SkipSpecialTokens_LeavesOnlyTheStory()
    {
        var tokenizer = KoGpt2Tokenizer.Instance;
        var ids = tokenizer.Encode("<s>안녕하세요</s>");

        Assert.Equal("<s> 안녕하세요</s>", tokenizer.Decode(ids));
        Assert.Equal("안녕하세요", tokenizer.Decode(ids, skipSpecialTokens: true));
        Assert.True(tokenizer.IsSpecial(ids[0]));
        Assert.False(tokenizer.IsSpecial(ids[1]));
    }

    [SharedDataFact(ReferenceVector.TokenizerPath)]
    public void Encode_LoneSurrogate_GivesOneUnknownTokenLikeHf()
    {
        // HF receives a lone surrogate as U+FFFD, which KoGPT2 does not know.
        var tokenizer = KoGpt2Tokenizer.Instance;

        Assert.Equal(tokenizer.Encode("a\uFFFDb"), tokenizer.Encode("a\uD83Db"));
        Assert.Contains(tokenizer.TokenToId("<unk>")!.Value, tokenizer.Encode("a\uD83Db"));
    }
}
