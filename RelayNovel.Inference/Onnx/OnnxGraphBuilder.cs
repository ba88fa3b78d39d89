using Google.Protobuf;
using RelayNovel.Inference.Onnx.Proto;

namespace RelayNovel.Inference.Onnx;

/// <summary>Appends nodes, initializers and typed I/O to an ONNX graph with generated, unique value names.</summary>
internal sealed class OnnxGraphBuilder
{
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);

    public GraphProto Graph { get; } = new();

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string opType, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        NodeMulti(opType, inputs, 1, attributes)[0];

    /// <summary>Adds a node with several outputs and returns their names.</summary>
    public string[] NodeMulti(string opType, IEnumerable<string> inputs, int outputCount, params AttributeProto[] attributes)
    {
        var name = Unique(opType);
        var outputs = Enumerable.Range(0, outputCount).Select(i => outputCount == 1 ? name + "_out" : $"{name}_out{i}").ToArray();
        AddNode(opType, name, inputs, outputs, attributes);
        return outputs;
    }

    /// <summary>Adds a node whose output carries a fixed name (a graph output).</summary>
    public string NodeNamed(string opType, IEnumerable<string> inputs, string output, params AttributeProto[] attributes)
    {
        AddNode(opType, Unique(opType), inputs, [output], attributes);
        return output;
    }

    /// <summary>Adds a node of an operator domain other than the default (com.microsoft) with the given output names.</summary>
    public void NodeInDomain(string domain, string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, params AttributeProto[] attributes)
    {
        AddNode(opType, Unique(opType), inputs, outputs, attributes);
        Graph.Node[^1].Domain = domain;
    }

    /// <summary>A fresh value name for an output of <see cref="NodeInDomain"/>.</summary>
    public string ValueName(string prefix) => Unique(prefix) + "_out";

    /// <summary>Adds a float initializer that shares <paramref name="data"/> (not copied: leave it unchanged until written).</summary>
    public string FloatInitializer(string name, int[] dims, float[] data)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw_data is little-endian.");
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims.Select(d => (long)d));
        // raw_data keeps large weights compact; the bytes are the array's own, viewed in place.
        tensor.RawData = UnsafeByteOperations.UnsafeWrap(new FloatBytesMemory(data).Memory);
        Graph.Initializer.Add(tensor);
        return name;
    }

    public string FloatScalar(float value) => FloatInitializer(Unique("const_f"), [], [value]);

    public string Int64Initializer(long[] values, bool scalar = false)
    {
        var tensor = new TensorProto { Name = Unique("const_i64"), DataType = (int)TensorProto.Types.DataType.Int64 };
        if (!scalar) tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public void Input(string name, TensorProto.Types.DataType type, params object[] dims) => Graph.Input.Add(ValueInfo(name, type, dims));

    public void Output(string name, TensorProto.Types.DataType type, params object[] dims) => Graph.Output.Add(ValueInfo(name, type, dims));

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private void AddNode(string opType, string name, IEnumerable<string> inputs, IEnumerable<string> outputs, AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
    }

    private string Unique(string prefix)
    {
        _counters.TryGetValue(prefix, out var n);
        _counters[prefix] = n + 1;
        return $"{prefix}_{n}";
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim switch
            {
                int value => new TensorShapeProto.Types.Dimension { DimValue = value },
                string param => new TensorShapeProto.Types.Dimension { DimParam = param },
                _ => throw new ArgumentException($"Dimension {dim} must be an int or a string.", nameof(dims)),
            });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
