using RelayNovel.Inference.Onnx;

namespace RelayNovel.Inference.Checkpoints;

/// <summary>
/// Writes a complete model folder with random weights of a given shape, for benchmarks and tests. The
/// weights are deliberately not "initialised like training": biases and LayerNorm affine terms are
/// non-trivial so that a forward pass that drops or misplaces one gives visibly different logits.
/// </summary>
public static class RandomModel
{
    /// <summary>Writes model.onnx, config.json, tokenizer.json and MODEL_CARD.md into <paramref name="modelDir"/>.</summary>
    public static void Write(string modelDir, Gpt2Config config, int seed, Gpt2GraphKind kind = Gpt2GraphKind.Plain)
    {
        config.Validated();
        Directory.CreateDirectory(modelDir);
        var weights = CreateWeights(config, seed);
        Gpt2OnnxWriter.Write(Path.Combine(modelDir, "model.onnx"), config, weights, kind);
        config.Save(Path.Combine(modelDir, "config.json"));
        var tokenizer = RandomModelTokenizer.Create(config);
        File.WriteAllText(Path.Combine(modelDir, "tokenizer.json"), tokenizer.Json);
        File.WriteAllText(Path.Combine(modelDir, "MODEL_CARD.md"), $"""
            # Random GPT-2 (seed {seed})

            Random weights, not trained: it writes noise. Made by `RandomModel` for benchmarks and tests.

            - Shape: {config.NLayer} layers, {config.NHead} heads, n_embd {config.NEmbd}, n_positions {config.NPositions}, vocab {config.VocabSize} ({config.ParameterCount:N0} parameters, fp32).
            - Graph: {(kind == Gpt2GraphKind.Fused ? "fused attention (GroupQueryAttention, shared KV buffer)" : "plain ONNX ops")}.
            - Tokenizer: {tokenizer.TokenCount} single-character tokens (special tokens, ▁, ASCII, Hangul syllables), no merges.
            - Licence: none needed; nothing here was learned from data.

            """);
    }

    /// <summary>Canonical HF GPT-2 weights drawn from a seeded normal distribution.</summary>
    public static Dictionary<string, NamedTensor> CreateWeights(Gpt2Config config, int seed)
    {
        var random = new NormalSampler(seed);
        var result = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (var (name, shape) in Gpt2WeightNames.Expected(config))
        {
            var data = new float[shape.Aggregate(1, (n, d) => n * d)];
            if (name.Contains(".ln_", StringComparison.Ordinal) && name.EndsWith(".weight", StringComparison.Ordinal))
            {
                // LayerNorm gain around 1.
                random.Fill(data, 1f, 0.1f);
            }
            else if (shape.Length == 1)
            {
                random.Fill(data, 0f, 0.1f);
            }
            else
            {
                // Scaled by fan-in so activations and logits stay around unit size at any width.
                var fanIn = name.EndsWith("wte.weight", StringComparison.Ordinal) || name.EndsWith("wpe.weight", StringComparison.Ordinal)
                    ? shape[1]
                    : shape[0];
                random.Fill(data, 0f, 1f / MathF.Sqrt(fanIn));
            }

            result.Add(name, new NamedTensor(name, shape, data));
        }

        return result;
    }
}
