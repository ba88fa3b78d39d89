// TEMPORARY compile shim until tok/onnx land in main. Delete before the final commit.
#pragma warning disable
namespace RelayNovel.Inference.Checkpoints
{
    public sealed class CheckpointFormatException(string m) : Exception(m);
    public sealed record Gpt2Config(int NLayer, int NHead, int NEmbd, int NPositions, int VocabSize,
        int BosTokenId, int EosTokenId, int PadTokenId, float LayerNormEpsilon = 1e-5f, int? NInner = null)
    {
        public int HeadDim => NEmbd / NHead;
        public static Gpt2Config Load(string p) => throw new NotImplementedException();
        public void Save(string p) => throw new NotImplementedException();
    }
    public static class CheckpointConverter { public static void Convert(string a, string b) => throw new NotImplementedException(); }
    public static class RandomModel { public static void Write(string d, Gpt2Config c, int s) => throw new NotImplementedException(); }
    public static class Gpt2Presets
    {
        public static Gpt2Config KoGpt2 => null!; public static Gpt2Config Small => null!;
        public static Gpt2Config ByName(string name) => null!;
    }
}
namespace RelayNovel.Inference.Tokenization
{
    public sealed class TokenizerFormatException(string m) : Exception(m);
    public sealed class HfTokenizer
    {
        public static HfTokenizer Load(string p) => throw new NotImplementedException();
        public int VocabSize => 0;
        public int? TokenToId(string t) => null;
        public string? IdToToken(int id) => null;
        public bool IsSpecial(int id) => false;
        public IReadOnlyList<int> Encode(string text) => [];
        public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false) => "";
        public StreamingDecoder CreateStreamingDecoder(bool skipSpecialTokens = false) => new();
    }
    public sealed class StreamingDecoder { public string Push(int id) => ""; public string Flush() => ""; }
}
