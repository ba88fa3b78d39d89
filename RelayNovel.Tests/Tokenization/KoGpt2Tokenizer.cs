using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Tests.Tokenization;

/// <summary>The KoGPT2 tokenizer from shared/kogpt2, loaded once for all tests (it has 51,200 entries).</summary>
internal static class KoGpt2Tokenizer
{
    private static readonly Lazy<HfTokenizer> Shared = new(() =>
        HfTokenizer.Load(SharedData.Find(ReferenceVector.TokenizerPath)
            ?? throw new FileNotFoundException("KoGPT2 tokenizer.json not found.", ReferenceVector.TokenizerPath)));

    public static HfTokenizer Instance => Shared.Value;
}
