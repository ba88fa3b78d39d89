using RelayNovel.Inference.Onnx.Proto;
using static RelayNovel.Inference.Onnx.OnnxGraphBuilder;
using DataType = RelayNovel.Inference.Onnx.Proto.TensorProto.Types.DataType;

namespace RelayNovel.Inference.Onnx.Quantization;

/// <summary>
/// Turns an fp32 graph into one that stores its weights and computes in fp16, with fp32 at the boundary: float
/// inputs (the KV cache) are cast to fp16 on the way in, float outputs (logits, present) back to fp32 on the
/// way out, so every decoder and the KV buffers work unchanged.
/// </summary>
internal static class Fp16Rewriter
{
    /// <returns>Number of initializers stored as fp16.</returns>
    public static int Rewrite(GraphProto graph)
    {
        var converted = 0;
        for (var i = 0; i < graph.Initializer.Count; i++)
        {
            var tensor = graph.Initializer[i];
            if (OnnxTensors.IsFloat(tensor))
            {
                graph.Initializer[i] = OnnxTensors.Halves(tensor.Name, tensor.Dims, OnnxTensors.ReadFloats(tensor));
                converted++;
            }
        }

        foreach (var node in graph.Node)
        {
            foreach (var attribute in node.Attribute)
            {
                // A Constant's float value and a Cast to float inside the graph follow the compute type.
                if (attribute.Type == AttributeProto.Types.AttributeType.Tensor && attribute.T is { } t && OnnxTensors.IsFloat(t))
                {
                    attribute.T = OnnxTensors.Halves(t.Name, t.Dims, OnnxTensors.ReadFloats(t));
                }
                else if (node.OpType == "Cast" && attribute.Name == "to" && attribute.I == (long)DataType.Float)
                {
                    attribute.I = (long)DataType.Float16;
                }
            }
        }

        var prologue = new List<NodeProto>();
        foreach (var input in graph.Input.Where(IsFloatValue))
        {
            var half = input.Name + "_fp16";
            Rename(graph.Node, input.Name, half, inputs: true);
            prologue.Add(CastNode(input.Name, half, DataType.Float16));
        }

        var epilogue = new List<NodeProto>();
        foreach (var output in graph.Output.Where(IsFloatValue))
        {
            var half = output.Name + "_fp16";
            Rename(graph.Node, output.Name, half, inputs: true);
            Rename(graph.Node, output.Name, half, inputs: false);
            epilogue.Add(CastNode(half, output.Name, DataType.Float));
        }

        var nodes = prologue.Concat(graph.Node).Concat(epilogue).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        // Declared intermediate types would now be wrong; ONNX Runtime infers them again.
        graph.ValueInfo.Clear();
        return converted;
    }

    private static bool IsFloatValue(ValueInfoProto value) => value.Type?.TensorType?.ElemType == (int)DataType.Float;

    private static void Rename(IEnumerable<NodeProto> nodes, string from, string to, bool inputs)
    {
        foreach (var node in nodes)
        {
            var names = inputs ? node.Input : node.Output;
            for (var i = 0; i < names.Count; i++)
            {
                if (names[i] == from) names[i] = to;
            }
        }
    }

    private static NodeProto CastNode(string input, string output, DataType to)
    {
        var node = new NodeProto { OpType = "Cast", Name = output + "_cast" };
        node.Input.Add(input);
        node.Output.Add(output);
        node.Attribute.Add(Int("to", (long)to));
        return node;
    }
}
