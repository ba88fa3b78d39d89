using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Tests.Tokenization;

/// <summary>A hand-made vocabulary small enough to work out its encodings by hand.</summary>
internal static class TinyVocabulary
{
    public static readonly string[] Specials = ["<unk>", "<s>", "</s>"];

    // ids: <unk>=0 <s>=1 </s>=2 ▁=3 가=4 나=5 다=6 a=7 b=8 ▁가=9 ▁가나=10 ab=11 \n=12
    public static readonly string[] Vocab = [.. Specials, "\u2581", "가", "나", "다", "a", "b", "\u2581가", "\u2581가나", "ab", "\n"];

    public static readonly (string Left, string Right)[] Merges = [("\u2581", "가"), ("\u2581가", "나"), ("a", "b")];

    public static string Json() => TokenizerJsonWriter.ToJson(Specials, Vocab, Merges, "<unk>");
}
