namespace RelayNovel.Inference.Checkpoints;

/// <summary>A float32 tensor with its checkpoint name, row-major.</summary>
public sealed record NamedTensor(string Name, int[] Shape, float[] Data)
{
    public long ElementCount => Shape.Aggregate(1L, (n, d) => n * d);

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
