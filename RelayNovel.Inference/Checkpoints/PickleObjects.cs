namespace RelayNovel.Inference.Checkpoints;

// The only kinds of object the restricted unpickler can create. Nothing here can run code: a GLOBAL
// becomes an inert name, and only the few names a plain PyTorch state dict uses are accepted at all.

/// <summary>An allowed Python global (module.name), held as a name only.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public string FullName => $"{Module}.{Name}";
}

/// <summary>A Python tuple.</summary>
internal sealed record PickleTuple(object?[] Items);

/// <summary>A Python dict or collections.OrderedDict, insertion-ordered.</summary>
internal sealed class PickleDict
{
    public List<KeyValuePair<object?, object?>> Items { get; } = [];
}

/// <summary>A typed storage named by a persistent id: bytes live in the zip entry data/{Key}.</summary>
internal sealed record StorageRef(string Dtype, string Key, long ElementCount);

/// <summary>A tensor view onto a storage, from torch._utils._rebuild_tensor_v2.</summary>
internal sealed record TensorRef(StorageRef Storage, long Offset, int[] Shape, long[] Stride);
