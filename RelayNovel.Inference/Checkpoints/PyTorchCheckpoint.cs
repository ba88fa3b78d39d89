using System.IO.Compression;
using System.Text;

namespace RelayNovel.Inference.Checkpoints;

/// <summary>
/// Reads a <c>pytorch_model.bin</c> written by <c>torch.save</c> (the zip format of PyTorch ≥ 1.6:
/// <c>archive/data.pkl</c> plus one <c>archive/data/N</c> entry per storage) without running pickled code:
/// the pickle goes through <see cref="RestrictedUnpickler"/>, which accepts only a plain state dict.
/// </summary>
public static class PyTorchCheckpoint
{
    /// <summary>Reads every tensor of the state dict as float32.</summary>
    /// <param name="config">
    /// The model's config: when given, no tensor may hold more elements than its largest weight and no storage more
    /// than all its weights together, checked before anything is allocated.
    /// </param>
    public static IReadOnlyDictionary<string, NamedTensor> Read(string path, Gpt2Config? config = null)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointFormatException($"The PyTorch checkpoint '{path}' does not exist.");
        }

        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException ex)
        {
            using var probe = File.OpenRead(path);
            var legacy = probe.ReadByte() == 0x80;
            throw new CheckpointFormatException(legacy
                ? $"'{path}' uses the legacy (PyTorch < 1.6) torch.save format, which is not supported. Re-save it with a current PyTorch or as model.safetensors."
                : $"'{path}' is not a PyTorch zip checkpoint ({ex.Message}).", ex);
        }

        using (zip)
        {
            try
            {
                return Read(zip, path, config);
            }
            catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException or EndOfStreamException or InvalidDataException)
            {
                // A size no check above foresaw, or a damaged zip entry: a clear refusal, never a crash.
                throw new CheckpointFormatException($"'{path}' is damaged or describes impossible sizes: {ex.Message}", ex);
            }
        }
    }

    private static Dictionary<string, NamedTensor> Read(ZipArchive zip, string path, Gpt2Config? config)
    {
        var pickleEntries = zip.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1).ToList();
        if (pickleEntries.Count != 1)
        {
            throw new CheckpointFormatException($"'{path}' is a zip file but not a torch.save checkpoint: it has no single '<name>/data.pkl' entry.");
        }

        var prefix = pickleEntries[0].FullName[..^"data.pkl".Length];
        if (zip.GetEntry(prefix + "byteorder") is { } byteorder && ReadText(byteorder).Trim() is var order && order != "little")
        {
            throw new CheckpointFormatException($"'{path}' stores its tensors {order}-endian; only little-endian checkpoints are supported.");
        }

        var tensors = RestrictedUnpickler.ReadStateDict(ReadAll(pickleEntries[0], path, pickleEntries[0].Length), path);
        var limits = CheckpointLimits.For(config);
        foreach (var (name, tensor) in tensors)
        {
            limits.Check(path, name, tensor);
        }

        var storages = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        // Storage bytes are dropped after their last tensor is copied out, so peak memory stays near one model copy.
        var uses = tensors.GroupBy(t => t.Tensor.Storage.Key).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var result = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            if (!storages.TryGetValue(tensor.Storage.Key, out var bytes))
            {
                var entry = zip.GetEntry(prefix + "data/" + tensor.Storage.Key)
                    ?? throw new CheckpointFormatException($"'{path}': tensor '{name}' refers to storage '{tensor.Storage.Key}', which the archive lacks.");
                var needed = CheckpointLimits.StorageBytes(tensor.Storage);
                if (entry.Length < needed)
                {
                    throw new CheckpointFormatException($"'{path}': storage '{tensor.Storage.Key}' has {entry.Length} bytes, but {needed} are declared.");
                }

                bytes = ReadAll(entry, path, needed);
                storages.Add(tensor.Storage.Key, bytes);
            }

            result[name] = new NamedTensor(name, tensor.Shape, Gather(tensor, bytes));
            if (--uses[tensor.Storage.Key] == 0) storages.Remove(tensor.Storage.Key);
        }

        return result;
    }

    // Copies a dense view (row-major, transposed or offset) out of its storage into a row-major array.
    private static float[] Gather(TensorRef tensor, byte[] storage)
    {
        var dtype = tensor.Storage.Dtype;
        var size = TensorDecoding.Size(dtype)!.Value;
        var count = tensor.Shape.Aggregate(1L, (n, d) => checked(n * d));
        var values = new float[count];
        var contiguous = true;
        long expected = 1;
        for (var i = tensor.Shape.Length - 1; i >= 0; i--)
        {
            if (tensor.Shape[i] != 1 && tensor.Stride[i] != expected) contiguous = false;
            expected = checked(expected * tensor.Shape[i]);
        }

        if (contiguous)
        {
            TensorDecoding.Decode(dtype, storage.AsSpan(checked((int)(tensor.Offset * size)), checked((int)(count * size))), values);
            return values;
        }

        var index = new int[tensor.Shape.Length];
        Span<float> one = stackalloc float[1];
        for (long flat = 0; flat < count; flat++)
        {
            var element = tensor.Offset;
            for (var d = 0; d < index.Length; d++) element += index[d] * tensor.Stride[d];
            TensorDecoding.Decode(dtype, storage.AsSpan(checked((int)(element * size)), size), one);
            values[flat] = one[0];
            for (var d = index.Length - 1; d >= 0; d--)
            {
                if (++index[d] < tensor.Shape[d]) break;
                index[d] = 0;
            }
        }

        return values;
    }

    /// <summary>The first <paramref name="length"/> bytes of an entry (checked against its size before the call).</summary>
    private static byte[] ReadAll(ZipArchiveEntry entry, string path, long length)
    {
        if (length > Array.MaxLength)
        {
            throw new CheckpointFormatException($"'{path}': entry '{entry.FullName}' is larger than 2 GB, which is not supported.");
        }

        var bytes = new byte[length];
        using var stream = entry.Open();
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static string ReadText(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open(), Encoding.ASCII);
        return reader.ReadToEnd();
    }
}
