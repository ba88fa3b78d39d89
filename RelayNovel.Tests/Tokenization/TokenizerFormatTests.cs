using System.Text.Json.Nodes;
using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Tests.Tokenization;

/// <summary>A tokenizer.json we cannot reproduce exactly is refused with a message naming the reason.</summary>
public sealed class TokenizerFormatTests
{
    [Fact]
    public void FromJson_NotJson_ThrowsSayingItIsNotJson()
    {
        var error = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.FromJson("<html>not a tokenizer</html>"));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_MissingModel_ThrowsNamingTheModel()
    {
        var error = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.FromJson(Mutate(root => root.Remove("model"))));

        Assert.Contains("\"model\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_ByteLevelPreTokenizer_ThrowsNamingByteLevel()
    {
        var json = Mutate(root => root["pre_tokenizer"] = JsonNode.Parse("""{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":true}"""));

        var error = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.FromJson(json));

        Assert.Contains("ByteLevel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_ByteLevelInsideASequence_ThrowsNamingByteLevel()
    {
        var json = Mutate(root => root["pre_tokenizer"] = JsonNode.Parse(
            """{"type":"Sequence","pretokenizers":[{"type":"Metaspace","replacement":"▁"},{"type":"ByteLevel"}]}"""));

        var error = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.FromJson(json));

        Assert.Contains("ByteLevel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_WordPieceModel_ThrowsNamingTheModelType()
    {
        var error = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.FromJson(Mutate(root => root["model"]!["type"] = "WordPiece")));

        Assert.Contains("WordPiece", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_UnknownNormalizer_ThrowsNamingIt()
    {
        var json = Mutate(root => root["normalizer"] = JsonNode.Parse("""{"type":"Sequence","normalizers":[{"type":"NFKC"},{"type":"Lowercase"}]}"""));

        var error = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.FromJson(json));

        Assert.Contains("Lowercase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_ByteFallback_ThrowsNamingIt()
    {
        var error = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.FromJson(Mutate(root => root["model"]!["byte_fallback"] = true)));

        Assert.Contains("byte_fallback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_MergeOfMissingPiece_ThrowsNamingTheMerge()
    {
        var error = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.FromJson(Mutate(root => root["model"]!["merges"]!.AsArray().Add("나 다"))));

        Assert.Contains("'나' + '다'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"relaynovel-missing-{Guid.NewGuid():N}", "tokenizer.json");

        var error = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedFile_ThrowsNamingThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"relaynovel-truncated-{Guid.NewGuid():N}.json");
        var json = TinyVocabulary.Json();
        File.WriteAllText(path, json[..(json.Length / 2)]);
        try
        {
            var error = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(path));

            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Mutate(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(TinyVocabulary.Json())!.AsObject();
        change(root);
        return root.ToJsonString();
    }
}
