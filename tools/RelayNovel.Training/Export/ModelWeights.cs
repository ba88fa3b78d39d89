using RelayNovel.Inference.Checkpoints;
using RelayNovel.Training.Model;
using TorchSharp;

namespace RelayNovel.Training.Export;

/// <summary>Moves weights between the TorchSharp model and HF-named tensors.</summary>
internal static class ModelWeights
{
    public static List<NamedTensor> Extract(Gpt2LmHeadModel model)
    {
        var list = new List<NamedTensor>();
        foreach (var (name, p) in model.named_parameters())
        {
            using var data = p.detach().cpu().contiguous();
            list.Add(new NamedTensor(name, [.. data.shape.Select(d => (int)d)], data.data<float>().ToArray()));
        }

        return list;
    }

    /// <summary>
    /// Loads HF GPT-2 weights. Accepts names with or without the "transformer." prefix, ignores the
    /// attention-mask buffers and the tied lm_head copy, and fails on anything missing or misshapen.
    /// </summary>
    public static void Load(Gpt2LmHeadModel model, IReadOnlyDictionary<string, NamedTensor> weights)
    {
        var byName = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (var (name, t) in weights)
        {
            if (name.EndsWith(".attn.bias", StringComparison.Ordinal) || name.EndsWith(".attn.masked_bias", StringComparison.Ordinal) || name == "lm_head.weight")
            {
                continue;
            }

            byName[name.StartsWith("transformer.", StringComparison.Ordinal) ? name : "transformer." + name] = t;
        }

        using (torch.no_grad())
        {
            foreach (var (name, p) in model.named_parameters())
            {
                if (!byName.TryGetValue(name, out var t))
                {
                    throw new InvalidDataException($"Checkpoint lacks {name}.");
                }

                if (!t.Shape.Select(d => (long)d).SequenceEqual(p.shape))
                {
                    throw new InvalidDataException($"{name}: checkpoint shape [{string.Join(",", t.Shape)}], model [{string.Join(",", p.shape)}].");
                }

                using var source = torch.tensor(t.Data, [.. t.Shape.Select(d => (long)d)]);
                p.copy_(source);
            }
        }
    }
}
