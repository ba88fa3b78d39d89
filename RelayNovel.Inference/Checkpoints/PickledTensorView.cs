namespace RelayNovel.Inference.Checkpoints;

/// <summary>
/// Checks the arguments of a pickled <c>_rebuild_tensor_v2</c> call before they become a <see cref="TensorRef"/>:
/// integer sizes and strides, no negative or oversized values, a dense view inside its storage.
/// </summary>
internal static class PickledTensorView
{
    /// <summary>The tensor view, or the error <paramref name="refuse"/> makes from the reason it is refused.</summary>
    public static TensorRef Rebuild(StorageRef storage, long offset, PickleTuple size, PickleTuple stride, Func<string, CheckpointFormatException> refuse)
    {
        if (size.Items.Any(d => d is not long) || stride.Items.Any(d => d is not long) || size.Items.Length != stride.Items.Length)
        {
            throw refuse("a tensor's size and stride must be tuples of integers of the same length");
        }

        var shape = size.Items.Select(d => (long)d!).ToArray();
        var strides = stride.Items.Select(d => (long)d!).ToArray();
        if (shape.Any(d => d < 0 || d > int.MaxValue) || strides.Any(s => s < 0) || offset < 0)
        {
            throw refuse("a tensor has a negative or oversized size, stride or offset");
        }

        // A dense view: every storage element it spans is read exactly once. A view that reads elements twice (a
        // stride of 0, overlapping strides) would let a tiny file claim a tensor of any size; torch.save writes
        // none (a transposed or offset view of a dense tensor is still dense).
        var elements = DenseElementCount(shape, strides, refuse);
        // A dense view spans exactly its element count from the offset; written as a subtraction so nothing overflows.
        if (offset > storage.ElementCount - elements)
        {
            throw refuse($"a tensor view reaches past the end of storage '{storage.Key}' ({storage.ElementCount} elements)");
        }

        return new TensorRef(storage, offset, shape.Select(d => (int)d).ToArray(), strides);
    }

    /// <summary>The view's element count; refuses a view that is not dense (some element read twice, or a gap).</summary>
    private static long DenseElementCount(long[] shape, long[] strides, Func<string, CheckpointFormatException> refuse)
    {
        long elements;
        try
        {
            elements = shape.Aggregate(1L, (n, d) => checked(n * d));
        }
        catch (OverflowException)
        {
            throw refuse($"a tensor's shape [{string.Join(", ", shape)}] has more elements than a 64-bit count holds");
        }

        if (elements == 0)
        {
            return 0;
        }

        // Dense: ordered by stride, each dimension's stride is the product of the sizes of the dimensions inside it.
        var expected = 1L;
        foreach (var d in Enumerable.Range(0, shape.Length).Where(d => shape[d] != 1).OrderBy(d => strides[d]))
        {
            if (strides[d] != expected)
            {
                throw refuse($"a tensor view with shape [{string.Join(", ", shape)}] and stride [{string.Join(", ", strides)}] is not dense " +
                    "(it reads some storage elements more than once, or skips some); only dense views are supported. " +
                    "Re-save the model with contiguous tensors or as model.safetensors");
            }

            expected *= shape[d];   // cannot overflow: the product of all sizes fits in a long
        }

        return elements;
    }
}
