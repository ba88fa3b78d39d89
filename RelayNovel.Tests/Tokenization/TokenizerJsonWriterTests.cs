using System.Text.Json.Nodes;
using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Tests.Tokenization;

/// <summary>Our own tokenizer.json files must load back and tokenize the way HF would.</summary>
public sealed class TokenizerJsonWriterTests
{
    [Fact]
    public void ToJson_TinyVocabulary_LoadsBackWithTheSameVocabulary()
    {
        var tokenizer = HfTokenizer.FromJson(TinyVocabulary.Json());

        Assert.Equal(TinyVocabulary.Vocab.Length, tokenizer.VocabSize);
        for (var id = 0; id < TinyVocabulary.Vocab.Length; id++)
        {
            Assert.Equal(TinyVocabulary.Vocab[id], tokenizer.IdToToken(id));
            Assert.Equal(id, tokenizer.TokenToId(TinyVocabulary.Vocab[id]));
            Assert.Equal(id < TinyVocabulary.Specials.Length, tokenizer.IsSpecial(id));
        }
    }

    [Fact]
    public void Encode_TinyVocabulary_AppliesMergesByRankAndSpecialTokens()
    {
        var tokenizer = HfTokenizer.FromJson(TinyVocabulary.Json());

        // "▁가나다" merges ▁+가 then ▁가+나; "▁ab" has no ▁+a merge; <s> is cut out before normalization;
        // "x" is not in the vocabulary, so it becomes <unk>, and the segment after <s> gets its own ▁.
        var ids = tokenizer.Encode("가나다 ab<s>x다");

        Assert.Equal([10, 6, 3, 11, 1, 3, 0, 6], ids);
    }

    [Fact]
    public void Decode_TinyVocabulary_RestoresSpacesAndDropsOnlyTheFirstPrefix()
    {
        var tokenizer = HfTokenizer.FromJson(TinyVocabulary.Json());

        Assert.Equal("가나다 ab<s> <unk>다", tokenizer.Decode([10, 6, 3, 11, 1, 3, 0, 6]));
        Assert.Equal("가나다 ab 다", tokenizer.Decode([10, 6, 3, 11, 1, 3, 0, 6], skipSpecialTokens: true));
    }

    [Fact]
    public void ToJson_TinyVocabulary_WritesTheKoGpt2Structure()
    {
        var root = JsonNode.Parse(TinyVocabulary.Json())!;

        Assert.Equal("BPE", (string?)root["model"]!["type"]);
        Assert.Equal("<unk>", (string?)root["model"]!["unk_token"]);
        Assert.False((bool)root["model"]!["byte_fallback"]!);
        Assert.Equal("NFKC", (string?)root["normalizer"]!["type"]);
        Assert.Equal("Metaspace", (string?)root["pre_tokenizer"]!["type"]);
        Assert.Equal("always", (string?)root["pre_tokenizer"]!["prepend_scheme"]);
        Assert.Equal("Metaspace", (string?)root["decoder"]!["type"]);
        Assert.Equal("\u2581 가", (string?)root["model"]!["merges"]![0]);
        var added = root["added_tokens"]!.AsArray();
        Assert.Equal(TinyVocabulary.Specials, added.Select(t => (string?)t!["content"]));
        Assert.All(added, t => Assert.True((bool)t!["special"]! && !(bool)t["normalized"]!));
    }

    [Fact]
    public void ToJson_PieceWithASpace_WritesArrayMergesThatLoadBack()
    {
        string[] vocab = ["<unk>", "a b", "c", "a bc", "x", "y", "xy"];
        var json = TokenizerJsonWriter.ToJson(["<unk>"], vocab, [("x", "y"), ("a b", "c")], "<unk>");

        var merges = JsonNode.Parse(json)!["model"]!["merges"]!.AsArray();
        var tokenizer = HfTokenizer.FromJson(json);

        Assert.Equal("a b", (string?)merges[1]![0]);
        // A space never reaches the model (Metaspace turns it into ▁), so the other merges still work.
        Assert.Equal([0, 6], tokenizer.Encode("xy"));
    }

    [Fact]
    public void FromJson_PrependSchemeNever_AddsNoPrefixAndKeepsTheFirstSpace()
    {
        // Same behaviour as HF tokenizers 0.23 for prepend_scheme "never" (checked by hand against the npm binding).
        var root = JsonNode.Parse(TokenizerJsonWriter.ToJson(["<unk>", "<s>"], ["<unk>", "<s>", "\u2581", "가", "나", "\u2581가", "가나"],
            [("\u2581", "가"), ("가", "나")], "<unk>"))!;
        foreach (var part in new[] { "pre_tokenizer", "decoder" })
        {
            root[part]!["prepend_scheme"] = "never";
            root[part]!.AsObject().Remove("add_prefix_space");
        }

        var tokenizer = HfTokenizer.FromJson(root.ToJsonString());

        Assert.Equal([6, 5], tokenizer.Encode("가나 가"));
        Assert.Equal([1, 3], tokenizer.Encode("<s>가"));
        Assert.Equal(" 가가나", tokenizer.Decode([5, 6]));
    }

    [Fact]
    public void Encode_PiecesWithTabsAndNewlines_MergeLikeAnyOtherPiece()
    {
        string[] vocab = ["<unk>", "\u2581", "a", "\t", "\n", "a\t", "a\t\n", "\u2581a\t\n"];
        var json = TokenizerJsonWriter.ToJson(["<unk>"], vocab, [("a", "\t"), ("a\t", "\n"), ("\u2581", "a\t\n")], "<unk>");

        var tokenizer = HfTokenizer.FromJson(json);

        Assert.Equal([7], tokenizer.Encode("a\t\n"));
        Assert.Equal("a\t\n", tokenizer.Decode([7]));
    }

    [Fact]
    public void ToJson_MergeMakingAMissingPiece_ThrowsNamingTheMerge()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            TokenizerJsonWriter.ToJson(TinyVocabulary.Specials, TinyVocabulary.Vocab, [("나", "다")], "<unk>"));

        Assert.Contains("'나' + '다'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_SpecialTokenNotAtItsId_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            TokenizerJsonWriter.ToJson(["<s>"], ["<unk>", "<s>"], [], "<unk>"));

        Assert.Contains("<s>", error.Message, StringComparison.Ordinal);
    }
}
