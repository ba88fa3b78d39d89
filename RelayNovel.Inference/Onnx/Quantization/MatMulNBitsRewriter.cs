using RelayNovel.Inference.Onnx.Proto;

namespace RelayNovel.Inference.Onnx.Quantization;

/// <summary>
/// Rewrites a graph so that every MatMul whose B is a 2-D fp32 initializer becomes com.microsoft MatMulNBits
/// (weight-only, block-quantized along K), whatever graph around it (plain or fused attention). A Gather on
/// axis 1 of such a weight (the tied token embedding stored [n_embd, vocab]) becomes com.microsoft
/// GatherBlockQuantized over the same quantized bytes, so the fp32 table leaves the file too; any other use
/// of a quantized weight keeps its fp32 initializer.
/// </summary>
internal static class MatMulNBitsRewriter
{
    public const string MicrosoftDomain = "com.microsoft";

    /// <returns>Number of MatMuls rewritten.</returns>
    public static int Rewrite(GraphProto graph, int bits, int blockSize, int accuracyLevel)
    {
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var quantized = new Dictionary<string, QuantizedWeight>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            if (IsStandard(node, "MatMul") && node.Input.Count == 2 && initializers.TryGetValue(node.Input[1], out var b)
                && OnnxTensors.IsFloat(b) && b.Dims.Count == 2 && !quantized.ContainsKey(b.Name))
            {
                quantized[b.Name] = QuantizedWeight.Add(graph, b, bits, blockSize);
            }
        }

        var rewritten = 0;
        var nodes = new List<NodeProto>(graph.Node.Count);
        foreach (var node in graph.Node)
        {
            if (IsStandard(node, "MatMul") && node.Input.Count == 2 && quantized.TryGetValue(node.Input[1], out var weight))
            {
                nodes.Add(weight.MatMul(node, accuracyLevel));
                rewritten++;
            }
            else if (IsStandard(node, "Gather") && quantized.TryGetValue(node.Input[0], out weight) && AxisOf(node) == 1
                && weight.Matrix.K % blockSize == 0 && IndicesRank(graph, node.Input[1]) is { } rank)
            {
                nodes.AddRange(weight.Gather(graph, node, rank));
            }
            else
            {
                nodes.Add(node);
            }
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        RemoveUnused(graph, quantized.Keys);
        return rewritten;
    }

    private static bool IsStandard(NodeProto node, string opType) =>
        node.OpType == opType && (node.Domain.Length == 0 || node.Domain == "ai.onnx");

    private static long AxisOf(NodeProto node) => node.Attribute.FirstOrDefault(a => a.Name == "axis")?.I ?? 0;

    /// <summary>The rank of a Gather's indices when the graph declares it (the model's input_ids do).</summary>
    private static int? IndicesRank(GraphProto graph, string name)
    {
        var info = graph.Input.Concat(graph.ValueInfo).FirstOrDefault(v => v.Name == name);
        return info?.Type?.TensorType?.Shape is { } shape ? shape.Dim.Count : null;
    }

    private static void RemoveUnused(GraphProto graph, IEnumerable<string> candidates)
    {
        var used = graph.Node.SelectMany(n => n.Input).Concat(graph.Output.Select(o => o.Name)).ToHashSet(StringComparer.Ordinal);
        var unused = candidates.Where(c => !used.Contains(c)).ToHashSet(StringComparer.Ordinal);
        var kept = graph.Initializer.Where(t => !unused.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);
    }
}
