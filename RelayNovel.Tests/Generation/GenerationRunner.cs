using RelayNovel.Inference.Generation;

namespace RelayNovel.Tests.Generation;

/// <summary>Collects a whole generation for assertions.</summary>
internal static class GenerationRunner
{
    public static async Task<Result> CollectAsync(IAsyncEnumerable<TokenChunk> chunks)
    {
        var list = new List<TokenChunk>();
        await foreach (var chunk in chunks)
        {
            list.Add(chunk);
        }

        return new Result(list);
    }

    public sealed record Result(IReadOnlyList<TokenChunk> Chunks)
    {
        public string Text => string.Concat(Chunks.Select(c => c.Text));

        public int[] Ids => Chunks.SelectMany(c => c.TokenIds).ToArray();

        public FinishReason Finish => Chunks[^1].Finish;
    }
}
