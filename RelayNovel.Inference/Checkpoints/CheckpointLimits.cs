namespace RelayNovel.Inference.Checkpoints;

/// <summary>
/// How big a checkpoint's tensors and storages may be, checked before anything is allocated: with a config, no
/// tensor may exceed its largest weight and no storage all its weights together; without one, what a float array and
/// a byte array can hold. Every size is computed with checked arithmetic, so a hostile count is refused, not wrapped.
/// </summary>
internal sealed class CheckpointLimits
{
    private readonly long _maxTensorElements;
    private readonly long _maxStorageElements;
    private readonly string _why;

    private CheckpointLimits(long maxTensorElements, long maxStorageElements, string why)
    {
        _maxTensorElements = maxTensorElements;
        _maxStorageElements = maxStorageElements;
        _why = why;
    }

    public static CheckpointLimits For(Gpt2Config? config)
    {
        if (config is null)
        {
            return new CheckpointLimits(Array.MaxLength, Array.MaxLength, "what one array can hold");
        }

        // Older checkpoints also carry each layer's causal-mask buffer (attn.bias, n_positions²), dropped later.
        var mask = (long)config.NPositions * config.NPositions;
        var largest = Math.Max(mask, Gpt2WeightNames.Expected(config).Max(e => e.Shape.Aggregate(1L, (n, d) => checked(n * d))));
        var all = checked(config.ParameterCount + config.NLayer * mask);
        return new CheckpointLimits(Math.Min(largest, Array.MaxLength), Math.Min(all, Array.MaxLength),
            $"the config (n_layer {config.NLayer}, n_embd {config.NEmbd}, vocab_size {config.VocabSize}, n_positions {config.NPositions})");
    }

    /// <summary>Bytes a storage declares: its element count times its element size, refused when that overflows.</summary>
    public static long StorageBytes(StorageRef storage)
    {
        var size = TensorDecoding.Size(storage.Dtype)!.Value;
        return storage.ElementCount > long.MaxValue / size
            ? throw new CheckpointFormatException($"storage '{storage.Key}' declares {storage.ElementCount} elements, more bytes than a file can hold.")
            : storage.ElementCount * size;
    }

    /// <summary>Refuses a tensor, or the storage under it, that is larger than the limits allow.</summary>
    public void Check(string path, string name, TensorRef tensor)
    {
        var elements = tensor.Shape.Aggregate(1L, (n, d) => checked(n * d));
        if (elements > _maxTensorElements)
        {
            throw new CheckpointFormatException(
                $"'{path}': tensor '{name}' has shape [{string.Join(", ", tensor.Shape)}] ({elements} elements), more than the largest weight {_why} allows ({_maxTensorElements} elements).");
        }

        var storage = tensor.Storage;
        if (storage.ElementCount > _maxStorageElements)
        {
            throw new CheckpointFormatException(
                $"'{path}': storage '{storage.Key}' of tensor '{name}' declares {storage.ElementCount} elements, more than {_why} allows ({_maxStorageElements} elements).");
        }

        if (StorageBytes(storage) > Array.MaxLength)
        {
            throw new CheckpointFormatException($"'{path}': storage '{storage.Key}' of tensor '{name}' is larger than 2 GB, which is not supported.");
        }
    }
}
