using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Onnx;

namespace RelayNovel.Tests.Onnx;

/// <summary>
/// Runs a model.onnx with Optimum GPT-2 I/O one step at a time on plain arrays (tests only: clarity over speed).
/// </summary>
public sealed class OrtGpt2Runner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly Gpt2Config _config;

    public OrtGpt2Runner(string onnxPath, Gpt2Config config)
    {
        _session = new InferenceSession(onnxPath);
        _config = config;
    }

    public InferenceSession Session => _session;

    /// <summary>Key/value cache of one layer, [batch, heads, length, headDim].</summary>
    public sealed record LayerCache(float[] Key, float[] Value, int Length);

    /// <summary>Logits [batch, seq, vocab] flattened, and the new cache.</summary>
    public sealed record StepResult(float[] Logits, int[] LogitsShape, LayerCache[] Present)
    {
        public float[] Row(int batch, int position, int seq, int vocab) =>
            Logits.AsSpan((batch * seq + position) * vocab, vocab).ToArray();
    }

    public StepResult Step(long[][] inputIds, long[][] attentionMask, long[][] positionIds, LayerCache[]? past)
    {
        int batch = inputIds.Length, seq = inputIds[0].Length, total = attentionMask[0].Length;
        int heads = _config.NHead, headDim = _config.HeadDim;
        var pastLength = past?[0].Length ?? 0;
        if (total != pastLength + seq) throw new ArgumentException("attention_mask must cover past + new tokens.");

        var values = new List<OrtValue>();
        try
        {
            var names = new List<string> { Gpt2OnnxNames.InputIds, Gpt2OnnxNames.AttentionMask, Gpt2OnnxNames.PositionIds };
            values.Add(OrtValue.CreateTensorValueFromMemory(inputIds.SelectMany(r => r).ToArray(), [batch, seq]));
            values.Add(OrtValue.CreateTensorValueFromMemory(attentionMask.SelectMany(r => r).ToArray(), [batch, total]));
            values.Add(OrtValue.CreateTensorValueFromMemory(positionIds.SelectMany(r => r).ToArray(), [batch, seq]));
            for (var i = 0; i < _config.NLayer; i++)
            {
                long[] shape = [batch, heads, pastLength, headDim];
                names.Add(Gpt2OnnxNames.PastKey(i));
                values.Add(past is null ? Empty(shape) : OrtValue.CreateTensorValueFromMemory(past[i].Key, shape));
                names.Add(Gpt2OnnxNames.PastValue(i));
                values.Add(past is null ? Empty(shape) : OrtValue.CreateTensorValueFromMemory(past[i].Value, shape));
            }

            var outputNames = new List<string> { Gpt2OnnxNames.Logits };
            for (var i = 0; i < _config.NLayer; i++)
            {
                outputNames.Add(Gpt2OnnxNames.PresentKey(i));
                outputNames.Add(Gpt2OnnxNames.PresentValue(i));
            }

            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, names, values, outputNames);
            var logits = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            var logitsShape = outputs[0].GetTensorTypeAndShape().Shape.Select(d => (int)d).ToArray();
            var present = new LayerCache[_config.NLayer];
            for (var i = 0; i < _config.NLayer; i++)
            {
                present[i] = new LayerCache(
                    outputs[1 + 2 * i].GetTensorDataAsSpan<float>().ToArray(),
                    outputs[2 + 2 * i].GetTensorDataAsSpan<float>().ToArray(),
                    (int)outputs[1 + 2 * i].GetTensorTypeAndShape().Shape[2]);
            }

            return new StepResult(logits, logitsShape, present);
        }
        finally
        {
            foreach (var value in values) value.Dispose();
        }
    }

    public void Dispose() => _session.Dispose();

    private static OrtValue Empty(long[] shape) =>
        OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, shape);
}
