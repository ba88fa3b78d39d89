using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace RelayNovel.Tests.Checkpoints;

/// <summary>
/// Runs onnxruntime-genai's ORT-fused tiny-random-gpt2 past.onnx as that project does: int32 ids, positions
/// and mask; past_i/present_i with key and value stacked on axis 0, [2, batch, heads, length, headDim].
/// </summary>
public sealed class PeerPastOnnxRunner(string pastOnnxPath, int layers, int heads, int headDim) : IDisposable
{
    private readonly InferenceSession _session = new(pastOnnxPath);

    /// <summary>Logits [batch, seq, vocab] flattened, and the stacked caches.</summary>
    public (float[] Logits, float[][] Present, int PresentLength) Step(int[][] ids, int[][] positions, int[][] mask, float[][]? past, int pastLength)
    {
        int batch = ids.Length, seq = ids[0].Length;
        var names = new List<string> { "input_ids", "position_ids", "attention_mask" };
        var values = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(ids.SelectMany(r => r).ToArray(), [batch, seq]),
            OrtValue.CreateTensorValueFromMemory(positions.SelectMany(r => r).ToArray(), [batch, seq]),
            OrtValue.CreateTensorValueFromMemory(mask.SelectMany(r => r).ToArray(), [batch, mask[0].Length]),
        };
        try
        {
            for (var i = 0; i < layers; i++)
            {
                long[] shape = [2, batch, heads, pastLength, headDim];
                names.Add($"past_{i}");
                values.Add(past is null
                    ? OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, shape)
                    : OrtValue.CreateTensorValueFromMemory(past[i], shape));
            }

            var outputNames = new[] { "logits" }.Concat(Enumerable.Range(0, layers).Select(i => $"present_{i}")).ToList();
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, names, values, outputNames);
            var present = Enumerable.Range(0, layers).Select(i => outputs[1 + i].GetTensorDataAsSpan<float>().ToArray()).ToArray();
            return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), present, (int)outputs[1].GetTensorTypeAndShape().Shape[3]);
        }
        finally
        {
            foreach (var value in values) value.Dispose();
        }
    }

    public void Dispose() => _session.Dispose();
}
