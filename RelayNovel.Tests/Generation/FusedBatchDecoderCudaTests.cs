using Microsoft.Extensions.Logging.Abstractions;
using RelayNovel.Inference.Generation;
using RelayNovel.Tests.Onnx;

namespace RelayNovel.Tests.Generation;

/// <summary>The shared KV buffer on the CUDA device: same logits as on the host, forks copied on the device.</summary>
public sealed class FusedBatchDecoderCudaTests(FusedGraphFixture model) : IClassFixture<FusedGraphFixture>
{
    // CUDA may run fp32 matrix products in TF32.
    private const float Tolerance = 5e-3f;

    [CudaFact]
    public void Step_CacheOnTheDevice_MatchesTheHostDecoder()
    {
        var config = FusedGraphFixture.Config;
        var (session, provider) = OrtSessionFactory.Create(model.FusedPath, ExecutionProviderPreference.Cuda, NullLogger.Instance);
        using var cudaSession = session;
        var signature = ModelSignature.Check(cudaSession, config.NLayer, config.VocabSize, model.FusedPath);
        using var onDevice = FusedBatchDecoder.TryCreate(cudaSession, signature, config, cacheOnCuda: true, rows: 3, capacity: 12)!;
        using var onHost = model.CreateDecoder(rows: 3, capacity: 12);
        int[] prompt = [5, 17, 42, 3];

        Assert.Equal(OrtSessionFactory.Cuda, provider);
        Assert.True(onDevice.CacheOnDevice);
        foreach (var decoder in new IBatchDecoder[] { onDevice, onHost })
        {
            decoder.Prefill(0, prompt, CancellationToken.None);
            decoder.Prefill(2, [9, 33], CancellationToken.None);
            decoder.Fork(0, 1);
        }

        for (var step = 0; step < 4; step++)
        {
            int[] rows = [2, 0, 1];
            int[] tokens = [10 + step, 20 + step, 30 + step];
            var device = onDevice.Step(rows, tokens, CancellationToken.None).ToArray();
            var host = onHost.Step(rows, tokens, CancellationToken.None).ToArray();
            Assert.True(TinyModels.MaxAbsDiff(host, device) <= Tolerance, $"step {step}: max diff {TinyModels.MaxAbsDiff(host, device)}");
        }
    }
}
