namespace RelayNovel.Inference.Checkpoints;

/// <summary>
/// The canonical Hugging Face GPT2LMHeadModel weight names and shapes (Conv1D layout [in, out], LM head
/// tied to <c>transformer.wte.weight</c>), and the step that brings a checkpoint's names to them.
/// </summary>
public static class Gpt2WeightNames
{
    public const string Prefix = "transformer.";
    public const string TokenEmbedding = "transformer.wte.weight";
    public const string PositionEmbedding = "transformer.wpe.weight";
    public const string FinalNormWeight = "transformer.ln_f.weight";
    public const string FinalNormBias = "transformer.ln_f.bias";
    public const string LmHead = "lm_head.weight";

    public static string Layer(int layer, string suffix) => $"transformer.h.{layer}.{suffix}";

    /// <summary>Every canonical name with the shape the config demands, in checkpoint order.</summary>
    public static IReadOnlyList<(string Name, int[] Shape)> Expected(Gpt2Config config)
    {
        int e = config.NEmbd, inner = config.InnerSize;
        var list = new List<(string, int[])>
        {
            (TokenEmbedding, [config.VocabSize, e]),
            (PositionEmbedding, [config.NPositions, e]),
        };
        for (var i = 0; i < config.NLayer; i++)
        {
            list.Add((Layer(i, "ln_1.weight"), [e]));
            list.Add((Layer(i, "ln_1.bias"), [e]));
            list.Add((Layer(i, "attn.c_attn.weight"), [e, 3 * e]));
            list.Add((Layer(i, "attn.c_attn.bias"), [3 * e]));
            list.Add((Layer(i, "attn.c_proj.weight"), [e, e]));
            list.Add((Layer(i, "attn.c_proj.bias"), [e]));
            list.Add((Layer(i, "ln_2.weight"), [e]));
            list.Add((Layer(i, "ln_2.bias"), [e]));
            list.Add((Layer(i, "mlp.c_fc.weight"), [e, inner]));
            list.Add((Layer(i, "mlp.c_fc.bias"), [inner]));
            list.Add((Layer(i, "mlp.c_proj.weight"), [inner, e]));
            list.Add((Layer(i, "mlp.c_proj.bias"), [e]));
        }

        list.Add((FinalNormWeight, [e]));
        list.Add((FinalNormBias, [e]));
        return list;
    }

    /// <summary>
    /// Brings a checkpoint's tensors to canonical names: <c>transformer.</c>-prefixed GPT2LMHeadModel weights
    /// pass as they are (an <c>lm_head.weight</c> must equal the token embedding, since the writer ties them);
    /// a bare GPT2Model (no prefix, no LM head) gets the prefix and a head tied to <c>wte</c>, which is what
    /// transformers does when GPT2LMHeadModel loads such a checkpoint. The causal-mask buffers older
    /// checkpoints carry (<c>attn.bias</c>, <c>attn.masked_bias</c>) are dropped. Then every shape is checked.
    /// </summary>
    /// <param name="notes">Receives one line per thing the user should know about the conversion.</param>
    public static Dictionary<string, NamedTensor> Normalize(IReadOnlyDictionary<string, NamedTensor> raw, Gpt2Config config,
        string source, ICollection<string> notes)
    {
        var prefixed = raw.Keys.Any(k => k.StartsWith(Prefix, StringComparison.Ordinal));
        var bare = !prefixed && raw.ContainsKey("wte.weight");
        if (!prefixed && !bare)
        {
            throw new CheckpointFormatException(
                $"{source} holds no GPT-2 weights: neither '{TokenEmbedding}' (GPT2LMHeadModel) nor 'wte.weight' (GPT2Model) is present. " +
                $"First names found: {Sample(raw.Keys)}.");
        }

        if (bare)
        {
            notes.Add("The checkpoint is a bare GPT2Model (no 'transformer.' prefix, no LM head); the LM head was tied to the token embedding (wte), as transformers does when GPT2LMHeadModel loads it.");
        }

        var result = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        var unexpected = new List<string>();
        NamedTensor? lmHead = null;
        foreach (var (name, tensor) in raw)
        {
            if (IsMaskBuffer(name)) continue;
            if (name == LmHead)
            {
                lmHead = tensor;
                continue;
            }

            var canonical = bare ? Prefix + name : name;
            if (!canonical.StartsWith(Prefix, StringComparison.Ordinal))
            {
                unexpected.Add(name);
                continue;
            }

            result[canonical] = tensor with { Name = canonical };
        }

        if (unexpected.Count > 0)
        {
            throw new CheckpointFormatException(
                $"{source} has weights that are not part of a GPT-2 language model: {Sample(unexpected)}. " +
                "Only GPT2LMHeadModel and GPT2Model checkpoints can be converted.");
        }

        Validate(config, result, source);
        if (lmHead is not null)
        {
            var wte = result[TokenEmbedding];
            if (!lmHead.Shape.SequenceEqual(wte.Shape) || !lmHead.Data.AsSpan().SequenceEqual(wte.Data))
            {
                throw new CheckpointFormatException(
                    $"{source}: 'lm_head.weight' {lmHead.ShapeText} differs from '{TokenEmbedding}' {wte.ShapeText}. " +
                    "The writer ties the LM head to the token embedding, as GPT-2 does; untied heads are not supported.");
            }
        }

        return result;
    }

    /// <summary>Throws a clear <see cref="CheckpointFormatException"/> unless the weights are exactly the canonical set.</summary>
    public static void Validate(Gpt2Config config, IReadOnlyDictionary<string, NamedTensor> weights, string source = "weights")
    {
        var expected = Expected(config);
        var missing = expected.Where(x => !weights.ContainsKey(x.Name)).Select(x => x.Name).ToList();
        if (missing.Count > 0)
        {
            throw new CheckpointFormatException($"{source} is missing {missing.Count} GPT-2 weight(s): {Sample(missing)}.");
        }

        var known = expected.Select(x => x.Name).ToHashSet(StringComparer.Ordinal);
        var extra = weights.Keys.Where(k => !known.Contains(k)).ToList();
        if (extra.Count > 0)
        {
            throw new CheckpointFormatException(
                $"{source} has weight(s) the config does not describe: {Sample(extra)} (config: {config.NLayer} layers).");
        }

        foreach (var (name, shape) in expected)
        {
            var tensor = weights[name];
            if (tensor.Shape.SequenceEqual(shape) && tensor.Data.Length == tensor.ElementCount) continue;
            var hint = tensor.Shape.Length == 2 && tensor.Shape[0] == shape[1] && tensor.Shape[1] == shape[0] && shape[0] != shape[1]
                ? " It looks transposed: GPT-2's Conv1D weights are stored [in, out]."
                : "";
            throw new CheckpointFormatException(
                $"{source}: '{name}' has shape {tensor.ShapeText}, but the config (n_embd {config.NEmbd}, n_inner {config.InnerSize}, " +
                $"vocab_size {config.VocabSize}, n_positions {config.NPositions}) needs [{string.Join(", ", shape)}].{hint}");
        }
    }

    private static bool IsMaskBuffer(string name) =>
        name.EndsWith(".attn.bias", StringComparison.Ordinal) || name.EndsWith(".attn.masked_bias", StringComparison.Ordinal);

    private static string Sample(IEnumerable<string> names)
    {
        var list = names.ToList();
        var shown = string.Join(", ", list.Take(5).Select(n => $"'{n}'"));
        return list.Count > 5 ? $"{shown} and {list.Count - 5} more" : shown;
    }
}
