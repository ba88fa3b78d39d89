using RelayNovel.Inference.Generation;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Tokenization;

namespace RelayNovel.Tests.Generation;

/// <summary>
/// Our generation loop against another project's gold: onnxruntime-genai's tiny-random-gpt2, rebuilt as a
/// Hugging Face checkpoint from its past.onnx, converted by our converter, greedy-decoded by our KV-cache loop.
/// </summary>
public sealed class PeerGoldGenerationTests : IDisposable
{
    private const string PeerOnnx = "peer-gpt2/ortgenai-tiny-random-gpt2/past.onnx";
    private readonly TempDirectory _temp = new();

    [SharedDataFact(PeerOnnx)]
    public async Task GenerateIdsAsync_OrtGenAiTinyRandomGpt2Greedy_MatchesTheGoldOutputsExactly()
    {
        var gold = PeerModels.LoadTinyRandomGreedyGold();
        using var generator = Gpt2Generator.Load(PeerModels.ConvertTinyRandomGpt2(_temp.Path), ExecutionProviderPreference.Cpu);

        for (var row = 0; row < gold.InputIds.Length; row++)
        {
            var input = gold.InputIds[row];
            // Hugging Face greedy search: argmax, no penalties, stop at max_length (or end-of-text, which never comes here).
            var options = new GenerationOptions
            {
                Temperature = 0f, RepetitionPenalty = 1f, TopK = 0, TopP = 1f, MaxNewTokens = gold.MaxLength - input.Length,
            };

            var result = await GenerationRunner.CollectAsync(generator.GenerateIdsAsync(input, options));

            Assert.Equal(gold.Expected[row], input.Concat(result.Ids).ToArray());
            Assert.Equal(FinishReason.MaxTokens, result.Finish);
        }
    }

    public void Dispose() => _temp.Dispose();
}
