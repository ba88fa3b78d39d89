namespace RelayNovel.Inference.Checkpoints;

// One of the only kinds of object the restricted unpickler creates; none of them can run code.
/// <summary>A tensor view onto a storage, from torch._utils._rebuild_tensor_v2.</summary>
internal sealed record TensorRef(StorageRef Storage, long Offset, int[] Shape, long[] Stride);
