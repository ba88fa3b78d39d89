using Microsoft.ML.OnnxRuntime;
using RelayNovel.Inference.Checkpoints;

namespace RelayNovel.Inference.Generation;

/// <summary>Picks the batch decoder for a loaded graph.</summary>
internal static class BatchDecoderFactory
{
    /// <summary>
    /// The plain-op graph's decoder (host cache, also on CUDA, where ONNX Runtime copies it in per step).
    /// <paramref name="cacheOnCuda"/> is for a decoder that keeps the cache on the device.
    /// </summary>
    internal static IBatchDecoder Create(InferenceSession session, ModelSignature signature, Gpt2Config config, bool cacheOnCuda, int rows, int capacity)
    {
        _ = cacheOnCuda;
        return PlainBatchDecoder.Create(session, signature, config, rows, capacity);
    }
}
