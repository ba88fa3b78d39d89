using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Onnx;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Generation;

namespace RelayNovel.Tests.Scheduling;

/// <summary>The engine on a fused-attention folder: the shared-KV decoder is chosen, and a ragged batch writes what the plain graph writes alone.</summary>
public sealed class FusedEngineTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _temp = new();
    private readonly Gpt2Generator _plain;
    private readonly Gpt2Generator _fused;

    public FusedEngineTests()
    {
        var plainDir = _temp.Sub("plain");
        var fusedDir = _temp.Sub("fused");
        RandomModel.Write(plainDir, TinyModelFixture.Config, seed: 5);
        RandomModel.Write(fusedDir, TinyModelFixture.Config, seed: 5, Gpt2GraphKind.Fused);
        _plain = Gpt2Generator.Load(plainDir, ExecutionProviderPreference.Cpu);
        _fused = Gpt2Generator.Load(fusedDir, ExecutionProviderPreference.Cpu);
    }

    [Fact]
    public void CreateBatchDecoder_FusedFolder_UsesTheSharedBufferDecoder()
    {
        using var fused = _fused.CreateBatchDecoder(2, 16);
        using var plain = _plain.CreateBatchDecoder(2, 16);

        Assert.IsType<FusedBatchDecoder>(fused);
        Assert.IsType<PlainBatchDecoder>(plain);
    }

    [Fact]
    public async Task Run_RaggedBatchOnTheFusedGraph_GivesEachRequestThePlainGraphsTextAlone()
    {
        using var stop = new CancellationTokenSource();
        var engine = new BatchScheduler(new BatchSchedulerOptions { MaxRows = 8, RoomReservedRows = 0 });
        var loop = engine.RunAsync(_fused, stop.Token);
        try
        {
            BatchTicket[] tickets;
            using (engine.Pause())
            {
                tickets = [.. Enumerable.Range(0, 8).Select(i =>
                {
                    Assert.True(engine.TryEnqueue(GenerationRequest.Single($"room-{i}", GenerationLane.Room, Prompt(i), Options(40 + i, 10 + 2 * i)), out var t));
                    return t;
                })];
            }

            for (var i = 0; i < tickets.Length; i++)
            {
                var batched = await GenerationRunner.CollectAsync(tickets[i].Outputs[0].ReadAllAsync()).WaitAsync(Deadline);
                var alone = await GenerationRunner.CollectAsync(_plain.GenerateIdsAsync(Prompt(i), Options(40 + i, 10 + 2 * i)));
                Assert.Equal(alone.Ids, batched.Ids);
                Assert.Equal(alone.Text, batched.Text);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await loop.WaitAsync(Deadline);
        }
    }

    public void Dispose()
    {
        _plain.Dispose();
        _fused.Dispose();
        _temp.Dispose();
    }

    private static int[] Prompt(int i) => [.. Enumerable.Range(0, 2 + i * 3).Select(j => 5 + ((i * 37 + j * 11) % 390))];

    private static GenerationOptions Options(int seed, int maxNewTokens) =>
        new() { Seed = seed, MaxNewTokens = maxNewTokens, Temperature = 0.9f, TopK = 40, TopP = 0.95f };
}
