using RelayNovel.Inference.Onnx.Proto;
using static RelayNovel.Inference.Onnx.OnnxGraphBuilder;

namespace RelayNovel.Inference.Onnx.Quantization;

/// <summary>One quantized weight's initializers, shared by every node that reads the weight.</summary>
internal sealed class QuantizedWeight
{
    private string? _rows;

    private QuantizedWeight(BlockQuantizedMatrix matrix, string data, string scales, string zeroPoints)
    {
        Matrix = matrix;
        Data = data;
        Scales = scales;
        ZeroPoints = zeroPoints;
    }

    public BlockQuantizedMatrix Matrix { get; }

    private string Data { get; }

    private string Scales { get; }

    private string ZeroPoints { get; }

    public static QuantizedWeight Add(GraphProto graph, TensorProto b, int bits, int blockSize)
    {
        int k = (int)b.Dims[0], n = (int)b.Dims[1];
        var m = BlockQuantizer.Quantize(OnnxTensors.ReadFloats(b), k, n, bits, blockSize);
        var prefix = $"{b.Name}.q{bits}";
        graph.Initializer.Add(OnnxTensors.Bytes(prefix, [n, m.Blocks, m.BlobSize], m.Data));
        graph.Initializer.Add(OnnxTensors.Floats(prefix + ".scales", [n, m.Blocks], m.Scales));
        graph.Initializer.Add(OnnxTensors.Bytes(prefix + ".zero_points", [n, m.ZeroPointBytesPerColumn], m.ZeroPoints));
        return new QuantizedWeight(m, prefix, prefix + ".scales", prefix + ".zero_points");
    }

    public NodeProto MatMul(NodeProto original, int accuracyLevel)
    {
        var node = new NodeProto { OpType = "MatMulNBits", Domain = MatMulNBitsRewriter.MicrosoftDomain, Name = original.Name + "_q" };
        node.Input.AddRange([original.Input[0], Data, Scales, ZeroPoints]);
        node.Output.AddRange(original.Output);
        node.Attribute.AddRange([
            Int("K", Matrix.K), Int("N", Matrix.N), Int("bits", Matrix.Bits), Int("block_size", Matrix.BlockSize),
            Int("accuracy_level", accuracyLevel)]);
        return node;
    }

    /// <summary>
    /// Gather(W [K, N], ids, axis 1) = the columns of W, [K, ids...]: GatherBlockQuantized takes rows of the
    /// stored [N, K] bytes, giving [ids..., K], and a Transpose puts K first again (ONNX Runtime merges it
    /// with the transpose the graph applies next).
    /// </summary>
    public IEnumerable<NodeProto> Gather(GraphProto graph, NodeProto original, int indicesRank)
    {
        if (_rows is null)
        {
            // The same bytes seen as [N, K·bits/8] rows (K is a whole number of blocks here): a Reshape, not a copy in the file.
            var shape = new TensorProto { Name = Data + ".rows_shape", DataType = (int)TensorProto.Types.DataType.Int64 };
            shape.Dims.Add(2);
            shape.Int64Data.AddRange([Matrix.N, (long)Matrix.Blocks * Matrix.BlobSize]);
            graph.Initializer.Add(shape);
            _rows = Data + ".rows";
            var reshape = new NodeProto { OpType = "Reshape", Name = _rows + "_reshape" };
            reshape.Input.AddRange([Data, shape.Name]);
            reshape.Output.Add(_rows);
            yield return reshape;
        }

        var gathered = original.Output[0] + "_rows";
        var gather = new NodeProto { OpType = "GatherBlockQuantized", Domain = MatMulNBitsRewriter.MicrosoftDomain, Name = original.Name + "_q" };
        gather.Input.AddRange([_rows, original.Input[1], Scales, ZeroPoints]);
        gather.Output.Add(gathered);
        gather.Attribute.AddRange([
            Int("gather_axis", 0), Int("quantize_axis", 1), Int("block_size", Matrix.BlockSize), Int("bits", Matrix.Bits)]);
        yield return gather;

        var transpose = new NodeProto { OpType = "Transpose", Name = original.Name + "_q_transpose" };
        transpose.Input.Add(gathered);
        transpose.Output.AddRange(original.Output);
        transpose.Attribute.Add(Ints("perm", [indicesRank, .. Enumerable.Range(0, indicesRank).Select(i => (long)i)]));
        yield return transpose;
    }
}
