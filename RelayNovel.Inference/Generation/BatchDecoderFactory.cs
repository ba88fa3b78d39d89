using Microsoft.ML.OnnxRuntime;
using RelayNovel.Inference.Checkpoints;

namespace RelayNovel.Inference.Generation;

/// <summary>Picks the batch decoder for a loaded graph.</summary>
internal static class BatchDecoderFactory
{
    /// <summary>
    /// The fused-attention graph's decoder (one shared KV buffer written in place; on the device with
    /// <paramref name="cacheOnCuda"/>) when the graph is fused, else the plain-op graph's decoder (host cache; on CUDA
    /// ONNX Runtime copies it in per step). The plain decoder must never run a fused graph: its per-slot masks would be
    /// read as row lengths.
    /// </summary>
    internal static IBatchDecoder Create(InferenceSession session, ModelSignature signature, Gpt2Config config, bool cacheOnCuda, int rows, int capacity) =>
        (IBatchDecoder?)FusedBatchDecoder.TryCreate(session, signature, config, cacheOnCuda, rows, capacity)
            ?? PlainBatchDecoder.Create(session, signature, config, rows, capacity);
}
