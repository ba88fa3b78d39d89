using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Tests.Tokenization;

/// <summary>
/// Text without spaces is one word to the pre-tokenizer, and BPE's cost grows with the square of a word's length:
/// words longer than <see cref="BpeWordEncoder.MaxPieceLength"/> are encoded in bounded pieces, so tokenizing is linear.
/// </summary>
public sealed class LongWordTokenizationTests
{
    // Korean prose with its spaces and punctuation taken out, as people type it in chats.
    private const string Prose = "비오는밤낡은서점문이열렸다그는조용히책장을넘기며오래된이야기를떠올렸다막차가끊긴역에서그녀는우산도없이서있었다";

    [SharedDataFact(ReferenceVector.TokenizerPath)]
    public void Encode_SpacelessTextLongerThanAPiece_NoTokenCrossesAPieceEnd()
    {
        var tokenizer = KoGpt2Tokenizer.Instance;
        var text = string.Concat(Enumerable.Repeat(Prose, 5_000 / Prose.Length + 1));

        var ids = tokenizer.Encode(text);

        // Where each token ends in "▁" + text, and where each piece ends.
        var word = "\u2581" + text;
        var tokenEnds = new HashSet<int>();
        var at = 0;
        foreach (var id in ids)
        {
            at += tokenizer.IdToToken(id)!.Length;
            tokenEnds.Add(at);
        }
        Assert.Equal(word.Length, at);
        var pieceEnds = new List<int>();
        for (var start = 0; start < word.Length;)
        {
            start += BpeWordEncoder.PieceLength(word.AsSpan(start));
            pieceEnds.Add(start);
        }
        Assert.True(pieceEnds.Count > 10);
        Assert.All(pieceEnds, end => Assert.Contains(end, tokenEnds));
        Assert.Equal(text, tokenizer.Decode(ids));
    }

    [SharedDataFact(ReferenceVector.TokenizerPath)]
    public void Encode_WordsOfOrdinaryLength_AreEncodedWhole()
    {
        var tokenizer = KoGpt2Tokenizer.Instance;
        var word = string.Concat(Enumerable.Repeat(Prose, 10))[..(BpeWordEncoder.MaxPieceLength - 1)];   // with its ▁, one piece long

        Assert.Equal(tokenizer.Encode(word), tokenizer.Encode("가 " + word).Skip(tokenizer.Encode("가").Count));
    }

    [Fact]
    public void Encode_LongWordOfSurrogatePairs_KeepsEveryPairWhole()
    {
        var tokenizer = HfTokenizer.FromJson(TokenizerJsonWriter.ToJson(["<unk>"], ["<unk>", "\u2581", "😀", "\u2581😀"], [("\u2581", "😀")], "<unk>"));
        var text = string.Concat(Enumerable.Repeat("😀", 400));

        var ids = tokenizer.Encode(text);

        Assert.Equal([3, .. Enumerable.Repeat(2, 399)], ids);
        Assert.Equal(text, tokenizer.Decode(ids));
    }

    [Fact]
    public void PieceLength_PunctuationInTheLastQuarter_EndsThePieceAfterIt()
    {
        var text = new string('가', 230) + "." + new string('나', 100);

        Assert.Equal(231, BpeWordEncoder.PieceLength(text));
    }

    [Fact]
    public void PieceLength_CombiningMarkAtTheLimit_StaysWithItsLetter()
    {
        var text = new string('e', BpeWordEncoder.MaxPieceLength) + "\u0301" + new string('e', 10);

        Assert.Equal(BpeWordEncoder.MaxPieceLength - 1, BpeWordEncoder.PieceLength(text));
    }

    [Fact]
    public void Encode_CancelledToken_StopsWithOperationCanceled()
    {
        var tokenizer = HfTokenizer.FromJson(TinyVocabulary.Json());
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => tokenizer.Encode(new string('가', 10_000), cancelled.Token));
    }
}
