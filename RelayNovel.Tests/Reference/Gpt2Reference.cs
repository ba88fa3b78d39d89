using RelayNovel.Inference.Checkpoints;

namespace RelayNovel.Tests.Reference;

/// <summary>
/// A plain, loop-by-loop GPT-2 forward pass written from the Hugging Face modelling code (no ONNX Runtime,
/// no cache, double accumulation). Tests hold the ONNX graphs against it.
/// </summary>
public sealed class Gpt2Reference(Gpt2Config config, IReadOnlyDictionary<string, NamedTensor> weights)
{
    private float[] W(string name) => weights[name].Data;

    /// <summary>Logits [tokens.Count, vocab] for one unpadded sequence at positions 0..n-1.</summary>
    public float[][] Forward(IReadOnlyList<int> tokens)
    {
        int n = tokens.Count, e = config.NEmbd, heads = config.NHead, d = config.HeadDim, inner = config.InnerSize;
        var wte = W(Gpt2WeightNames.TokenEmbedding);
        var wpe = W(Gpt2WeightNames.PositionEmbedding);
        var h = new float[n][];
        for (var t = 0; t < n; t++)
        {
            h[t] = new float[e];
            for (var j = 0; j < e; j++) h[t][j] = wte[tokens[t] * e + j] + wpe[t * e + j];
        }

        for (var layer = 0; layer < config.NLayer; layer++)
        {
            string L(string suffix) => Gpt2WeightNames.Layer(layer, suffix);
            var qkv = h.Select(x => Linear(LayerNorm(x, W(L("ln_1.weight")), W(L("ln_1.bias"))), W(L("attn.c_attn.weight")), W(L("attn.c_attn.bias")), 3 * e)).ToArray();
            var context = new float[n][];
            for (var t = 0; t < n; t++)
            {
                context[t] = new float[e];
                for (var head = 0; head < heads; head++)
                {
                    // Causal: position t sees 0..t only.
                    var scores = new double[t + 1];
                    for (var s = 0; s <= t; s++)
                    {
                        double dot = 0;
                        for (var k = 0; k < d; k++) dot += qkv[t][head * d + k] * qkv[s][e + head * d + k];
                        scores[s] = dot / Math.Sqrt(d);
                    }

                    var max = scores.Max();
                    var sum = scores.Sum(v => Math.Exp(v - max));
                    for (var k = 0; k < d; k++)
                    {
                        double acc = 0;
                        for (var s = 0; s <= t; s++) acc += Math.Exp(scores[s] - max) / sum * qkv[s][2 * e + head * d + k];
                        context[t][head * d + k] = (float)acc;
                    }
                }
            }

            for (var t = 0; t < n; t++)
            {
                var attention = Linear(context[t], W(L("attn.c_proj.weight")), W(L("attn.c_proj.bias")), e);
                for (var j = 0; j < e; j++) h[t][j] += attention[j];
                var fc = Linear(LayerNorm(h[t], W(L("ln_2.weight")), W(L("ln_2.bias"))), W(L("mlp.c_fc.weight")), W(L("mlp.c_fc.bias")), inner);
                var mlp = Linear(fc.Select(GeluNew).ToArray(), W(L("mlp.c_proj.weight")), W(L("mlp.c_proj.bias")), e);
                for (var j = 0; j < e; j++) h[t][j] += mlp[j];
            }
        }

        var logits = new float[n][];
        for (var t = 0; t < n; t++)
        {
            var x = LayerNorm(h[t], W(Gpt2WeightNames.FinalNormWeight), W(Gpt2WeightNames.FinalNormBias));
            logits[t] = new float[config.VocabSize];
            for (var v = 0; v < config.VocabSize; v++)
            {
                double dot = 0;
                for (var j = 0; j < e; j++) dot += x[j] * wte[v * e + j]; // tied LM head
                logits[t][v] = (float)dot;
            }
        }

        return logits;
    }

    private float[] LayerNorm(float[] x, float[] gain, float[] bias)
    {
        var mean = x.Average(v => (double)v);
        var variance = x.Average(v => (v - mean) * (v - mean));
        var inv = 1.0 / Math.Sqrt(variance + config.LayerNormEpsilon);
        return x.Select((v, j) => (float)((v - mean) * inv * gain[j] + bias[j])).ToArray();
    }

    // Conv1D: y = x · W + b with W stored [in, out].
    private static float[] Linear(float[] x, float[] weight, float[] bias, int outputs)
    {
        var y = new float[outputs];
        for (var o = 0; o < outputs; o++)
        {
            double acc = bias[o];
            for (var i = 0; i < x.Length; i++) acc += x[i] * weight[i * outputs + o];
            y[o] = (float)acc;
        }

        return y;
    }

    private static float GeluNew(float x) =>
        (float)(0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * Math.Pow(x, 3)))));
}
