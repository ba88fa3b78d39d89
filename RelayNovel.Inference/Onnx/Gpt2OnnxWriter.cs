using Google.Protobuf;
using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Onnx.Proto;
using static RelayNovel.Inference.Onnx.OnnxGraphBuilder;
using DataType = RelayNovel.Inference.Onnx.Proto.TensorProto.Types.DataType;

namespace RelayNovel.Inference.Onnx;

/// <summary>
/// Writes a GPT-2 decoder with KV cache as an ONNX model (opset 17) with the I/O of Optimum's
/// <c>text-generation-with-past</c> export. Weights are stored once, as raw fp32 initializers under their Hugging
/// Face names; the token embedding is stored transposed ([n_embd, vocab]) as <see cref="TransposedTokenEmbedding"/>
/// and serves both the input lookup (Gather on axis 1) and the tied LM head (MatMul), so the file does not hold it
/// twice. <see cref="Gpt2GraphKind.Plain"/> uses standard ops only; <see cref="Gpt2GraphKind.Fused"/> uses ONNX
/// Runtime's GroupQueryAttention so that past and present can share one preallocated buffer.
/// </summary>
public static class Gpt2OnnxWriter
{
    public const int OpsetVersion = 17;

    /// <summary>Initializer name of the token embedding, stored transposed.</summary>
    public const string TransposedTokenEmbedding = "transformer.wte.weight.T";

    /// <summary>metadata_props key naming the attention form; present (with <see cref="FusedAttention"/>) only in the fused graph.</summary>
    public const string AttentionMetadataKey = "relaynovel.attention";

    /// <summary>The <see cref="AttentionMetadataKey"/> value of the fused graph: past and present may be one shared buffer.</summary>
    public const string FusedAttention = "GroupQueryAttention;shared-kv";

    private const string MicrosoftDomain = "com.microsoft";

    // Below protobuf's 2 GiB message limit, leaving room for the graph itself.
    private const long MaxSingleFileBytes = 2_000_000_000;

    private const string Batch = "batch_size";
    private const string Sequence = "sequence_length";
    private const string Past = "past_sequence_length";
    private const string Total = "past_sequence_length + sequence_length";

    // In the fused form the past input may be the whole shared buffer, and the present is as long as the longer of it and the mask.
    private const string FusedPresent = "max(past_sequence_length, total_sequence_length)";

    /// <summary>Writes <paramref name="onnxPath"/> from canonical HF weights (see <see cref="Gpt2WeightNames"/>).</summary>
    public static void Write(string onnxPath, Gpt2Config config, IReadOnlyDictionary<string, NamedTensor> hfWeights,
        Gpt2GraphKind kind = Gpt2GraphKind.Plain)
    {
        var model = Build(config, hfWeights, kind);
        var directory = Path.GetDirectoryName(Path.GetFullPath(onnxPath));
        if (directory is not null) Directory.CreateDirectory(directory);
        // Write to a side file first so a failed write never leaves a truncated model.onnx behind.
        var partial = onnxPath + ".partial";
        using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            model.WriteTo(stream);
        }

        File.Move(partial, onnxPath, overwrite: true);
    }

    internal static ModelProto Build(Gpt2Config config, IReadOnlyDictionary<string, NamedTensor> w, Gpt2GraphKind kind = Gpt2GraphKind.Plain)
    {
        config.Validated();
        var fused = kind == Gpt2GraphKind.Fused;
        if (fused && config.HeadDim % 8 != 0)
        {
            throw new CheckpointFormatException(
                $"The fused attention graph (ONNX Runtime GroupQueryAttention) needs a head size that is a multiple of 8; this model has " +
                $"n_embd {config.NEmbd} / n_head {config.NHead} = {config.HeadDim}. Write the plain graph instead.");
        }

        // A protobuf message cannot exceed 2 GB, and we keep weights inside model.onnx (no external data).
        var weightBytes = config.ParameterCount * sizeof(float);
        if (weightBytes > MaxSingleFileBytes)
        {
            throw new CheckpointFormatException(
                $"The model has {config.ParameterCount:N0} parameters ({weightBytes / 1e9:F1} GB as fp32), more than a single-file ONNX model can hold (2 GB).");
        }

        Gpt2WeightNames.Validate(config, w);

        var g = new OnnxGraphBuilder();
        g.Graph.Name = "gpt2_with_past";
        int e = config.NEmbd, heads = config.NHead, headDim = config.HeadDim;

        g.Input(Gpt2OnnxNames.InputIds, DataType.Int64, Batch, Sequence);
        g.Input(Gpt2OnnxNames.AttentionMask, DataType.Int64, Batch, Total);
        g.Input(Gpt2OnnxNames.PositionIds, DataType.Int64, Batch, Sequence);
        for (var i = 0; i < config.NLayer; i++)
        {
            g.Input(Gpt2OnnxNames.PastKey(i), DataType.Float, Batch, heads, Past, headDim);
            g.Input(Gpt2OnnxNames.PastValue(i), DataType.Float, Batch, heads, Past, headDim);
        }

        var wteT = g.FloatInitializer(TransposedTokenEmbedding, [e, config.VocabSize], Transpose(w[Gpt2WeightNames.TokenEmbedding]));
        var tokens = g.Node("Transpose", [g.Node("Gather", [wteT, Gpt2OnnxNames.InputIds], Int("axis", 1))], Ints("perm", 1, 2, 0));
        var positions = g.Node("Gather", [Weight(g, w, Gpt2WeightNames.PositionEmbedding), Gpt2OnnxNames.PositionIds], Int("axis", 0));
        var hidden = g.Node("Add", [tokens, positions]);
        var attend = fused ? FusedAttentionLayers(g, heads) : PlainAttentionLayers(g, e, heads, headDim);
        for (var i = 0; i < config.NLayer; i++)
        {
            string L(string suffix) => Weight(g, w, Gpt2WeightNames.Layer(i, suffix));

            // Attention block: pre-norm, fused q/k/v projection (Conv1D layout [in, 3*out]), then the cache.
            var x = LayerNorm(g, hidden, L("ln_1.weight"), L("ln_1.bias"), config.LayerNormEpsilon);
            var qkv = g.Node("Add", [g.Node("MatMul", [x, L("attn.c_attn.weight")]), L("attn.c_attn.bias")]);
            var merged = attend(i, qkv);
            var attention = g.Node("Add", [g.Node("MatMul", [merged, L("attn.c_proj.weight")]), L("attn.c_proj.bias")]);
            hidden = g.Node("Add", [hidden, attention]);

            // MLP block with gelu_new.
            var y = LayerNorm(g, hidden, L("ln_2.weight"), L("ln_2.bias"), config.LayerNormEpsilon);
            var fc = g.Node("Add", [g.Node("MatMul", [y, L("mlp.c_fc.weight")]), L("mlp.c_fc.bias")]);
            var projected = g.Node("Add", [g.Node("MatMul", [GeluNew(g, fc), L("mlp.c_proj.weight")]), L("mlp.c_proj.bias")]);
            hidden = g.Node("Add", [hidden, projected]);
        }

        var final = LayerNorm(g, hidden, Weight(g, w, Gpt2WeightNames.FinalNormWeight), Weight(g, w, Gpt2WeightNames.FinalNormBias), config.LayerNormEpsilon);
        g.NodeNamed("MatMul", [final, wteT], Gpt2OnnxNames.Logits);

        g.Output(Gpt2OnnxNames.Logits, DataType.Float, Batch, Sequence, config.VocabSize);
        for (var i = 0; i < config.NLayer; i++)
        {
            g.Output(Gpt2OnnxNames.PresentKey(i), DataType.Float, Batch, heads, fused ? FusedPresent : Total, headDim);
            g.Output(Gpt2OnnxNames.PresentValue(i), DataType.Float, Batch, heads, fused ? FusedPresent : Total, headDim);
        }

        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "RelayNovel.Gpt2OnnxWriter",
            ProducerVersion = "1",
            DocString = $"GPT-2 decoder with KV cache{(fused ? " (fused attention, shared KV buffer)" : "")}: {config.NLayer} layers, {config.NHead} heads, n_embd {config.NEmbd}, vocab {config.VocabSize}, n_positions {config.NPositions}.",
            Graph = g.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        if (fused)
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
            model.MetadataProps.Add(new StringStringEntryProto { Key = AttentionMetadataKey, Value = FusedAttention });
        }

        return model;
    }

    /// <summary>Standard ops: split q/k/v, concatenate the cache, masked softmax (causal and padding).</summary>
    private static Func<int, string, string> PlainAttentionLayers(OnnxGraphBuilder g, int e, int heads, int headDim)
    {
        var mask = AttentionMask(g);
        var scale = g.FloatScalar(MathF.Sqrt(headDim));
        var lowest = g.FloatScalar(float.MinValue);
        var headShape = g.Int64Initializer([0, 0, heads, headDim]);
        var mergedShape = g.Int64Initializer([0, 0, e]);
        var qkvSplit = g.Int64Initializer([e, e, e]);
        return (i, qkv) =>
        {
            var parts = g.NodeMulti("Split", [qkv, qkvSplit], 3, Int("axis", 2));
            string Heads(string t) => g.Node("Transpose", [g.Node("Reshape", [t, headShape])], Ints("perm", 0, 2, 1, 3));
            var presentKey = g.NodeNamed("Concat", [Gpt2OnnxNames.PastKey(i), Heads(parts[1])], Gpt2OnnxNames.PresentKey(i), Int("axis", 2));
            var presentValue = g.NodeNamed("Concat", [Gpt2OnnxNames.PastValue(i), Heads(parts[2])], Gpt2OnnxNames.PresentValue(i), Int("axis", 2));
            var keyT = g.Node("Transpose", [presentKey], Ints("perm", 0, 1, 3, 2));
            var scores = g.Node("Div", [g.Node("MatMul", [Heads(parts[0]), keyT]), scale]);
            var probs = g.Node("Softmax", [g.Node("Where", [mask, scores, lowest])], Int("axis", -1));
            var context = g.Node("Transpose", [g.Node("MatMul", [probs, presentValue])], Ints("perm", 0, 2, 1, 3));
            return g.Node("Reshape", [context, mergedShape]);
        };
    }

    /// <summary>
    /// GroupQueryAttention on the packed [q|k|v] projection (GPT-2's c_attn already packs them), no rotary
    /// embedding (GPT-2 adds learned positions from position_ids). Like onnxruntime-genai's model builder, the
    /// per-row lengths come from attention_mask inside the graph: seqlens_k = ReduceSum(mask) - 1 and
    /// total_sequence_length = the mask's width, both int32.
    /// </summary>
    private static Func<int, string, string> FusedAttentionLayers(OnnxGraphBuilder g, int heads)
    {
        var rowLengths = g.Node("ReduceSum", [Gpt2OnnxNames.AttentionMask, g.Int64Initializer([1])], Int("keepdims", 0));
        var seqlensK = g.Node("Cast", [g.Node("Sub", [rowLengths, g.Int64Initializer([1], scalar: true)])], Int("to", (long)DataType.Int32));
        var total = g.Node("Cast", [g.Node("Shape", [Gpt2OnnxNames.AttentionMask], Int("start", 1), Int("end", 2))], Int("to", (long)DataType.Int32));
        return (i, qkv) =>
        {
            var context = g.ValueName("GroupQueryAttention");
            g.NodeInDomain(MicrosoftDomain, "GroupQueryAttention",
                [qkv, "", "", Gpt2OnnxNames.PastKey(i), Gpt2OnnxNames.PastValue(i), seqlensK, total],
                [context, Gpt2OnnxNames.PresentKey(i), Gpt2OnnxNames.PresentValue(i)],
                Int("num_heads", heads), Int("kv_num_heads", heads));
            return context;
        };
    }

    /// <summary>
    /// Boolean [batch, 1, seq, total]: a query at absolute position past+q sees keys at positions ≤ past+q
    /// (causal, for prefill and for decode alike) whose attention_mask is 1 (padding excluded).
    /// </summary>
    private static string AttentionMask(OnnxGraphBuilder g)
    {
        var zeroAxis = g.Int64Initializer([0]);
        string Dim(string input, int axis) =>
            g.Node("Squeeze", [g.Node("Shape", [input], Int("start", axis), Int("end", axis + 1)), zeroAxis]);

        var sequence = Dim(Gpt2OnnxNames.InputIds, 1);
        var total = Dim(Gpt2OnnxNames.AttentionMask, 1);
        var past = g.Node("Sub", [total, sequence]);
        var one = g.Int64Initializer([1], scalar: true);
        var keyPositions = g.Node("Range", [g.Int64Initializer([0], scalar: true), total, one]);
        var queryPositions = g.Node("Range", [past, total, one]);
        var causal = g.Node("LessOrEqual", [
            g.Node("Unsqueeze", [keyPositions, zeroAxis]),
            g.Node("Unsqueeze", [queryPositions, g.Int64Initializer([1])])]);
        var padding = g.Node("Unsqueeze", [
            g.Node("Cast", [Gpt2OnnxNames.AttentionMask], Int("to", (long)DataType.Bool)),
            g.Int64Initializer([1, 2])]);
        return g.Node("And", [causal, padding]);
    }

    private static string LayerNorm(OnnxGraphBuilder g, string x, string scale, string bias, float epsilon) =>
        g.Node("LayerNormalization", [x, scale, bias], Int("axis", -1), Float("epsilon", epsilon));

    /// <summary>0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), GPT-2's tanh approximation of GELU.</summary>
    private static string GeluNew(OnnxGraphBuilder g, string x)
    {
        var cube = g.Node("Mul", [g.Node("Mul", [x, x]), x]);
        var inner = g.Node("Add", [x, g.Node("Mul", [cube, g.FloatScalar(0.044715f)])]);
        var tanh = g.Node("Tanh", [g.Node("Mul", [inner, g.FloatScalar(MathF.Sqrt(2f / MathF.PI))])]);
        var gate = g.Node("Add", [tanh, g.FloatScalar(1f)]);
        return g.Node("Mul", [g.Node("Mul", [x, gate]), g.FloatScalar(0.5f)]);
    }

    private static string Weight(OnnxGraphBuilder g, IReadOnlyDictionary<string, NamedTensor> weights, string name)
    {
        if (g.Graph.Initializer.Any(t => t.Name == name)) return name;
        var tensor = weights[name];
        return g.FloatInitializer(name, tensor.Shape, tensor.Data);
    }

    private static float[] Transpose(NamedTensor matrix)
    {
        int rows = matrix.Shape[0], cols = matrix.Shape[1];
        var result = new float[matrix.Data.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++) result[c * rows + r] = matrix.Data[r * cols + c];
        }

        return result;
    }
}
