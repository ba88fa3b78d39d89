using RelayNovel.Inference.Checkpoints;
using RelayNovel.Tests.Cli;
using RelayNovel.Tests.Onnx;

namespace RelayNovel.Tests.Checkpoints;

/// <summary>
/// Hostile pytorch_model.bin files (the operator's <c>convert</c> path): each is refused with a
/// <see cref="CheckpointFormatException"/> saying what is wrong, before any large allocation, and never crashes.
/// </summary>
public sealed class HostileCheckpointTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Read_StrideZeroView_IsRefusedAsNotDense()
    {
        // One stored float seen as a million: a few hundred bytes claiming megabytes (gigabytes with bigger sizes).
        var path = Write([new("w", "0", 0, [1000, 1000], [0, 0])], new() { ["0"] = [1f] });

        var ex = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(path));

        Assert.Contains("not dense", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OverlappingStrides_IsRefusedAsNotDense()
    {
        var path = Write([new("w", "0", 0, [3, 4], [1, 1])], new() { ["0"] = new float[12] });

        var ex = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(path));

        Assert.Contains("not dense", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StorageDeclaringTwoToThe62PlusOneElements_IsRefusedNamingTheCount()
    {
        const long Declared = (1L << 62) + 1;
        var path = Write([new("w", "0", 0, [2], [1])], new() { ["0"] = [1f, 2f] }, new Dictionary<string, long> { ["0"] = Declared });

        var ex = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(path));

        Assert.Contains(Declared.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ShapeWhoseElementCountOverflows_IsRefusedWithoutOverflowException()
    {
        const long Big = int.MaxValue;
        var path = Write([new("w", "0", 0, [int.MaxValue, int.MaxValue, int.MaxValue], [Big * Big, Big, 1])], new() { ["0"] = [1f] });

        var ex = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(path));

        Assert.Contains("more elements than a 64-bit count holds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StorageShorterThanDeclared_IsRefusedNamingBothSizes()
    {
        var path = Write([new("w", "0", 0, [4], [1])], new() { ["0"] = new float[4] }, new Dictionary<string, long> { ["0"] = 1000 });

        var ex = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(path));

        Assert.Contains("has 16 bytes, but 4000 are declared", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TensorLargerThanTheConfigsLargestWeight_IsRefusedNamingTheConfig()
    {
        var config = TinyModels.Config;
        var path = Write([new("transformer.wte.weight", "0", 0, [100_000], [1])], new() { ["0"] = new float[100_000] });

        var ex = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(path, config));

        Assert.Contains("'transformer.wte.weight'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"n_embd {config.NEmbd}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StorageLargerThanTheWholeConfigDescribes_IsRefusedBeforeReadingIt()
    {
        var config = TinyModels.Config;
        var path = Write([new("transformer.ln_f.bias", "0", 0, [16], [1])], new() { ["0"] = new float[16] },
            new Dictionary<string, long> { ["0"] = 1L << 40 });

        var ex = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(path, config));

        Assert.Contains("declares 1099511627776 elements", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_CheckpointWithOverflowingShape_PrintsTheReasonAndExitsNonZero()
    {
        var hfDir = _temp.Sub("hf");
        TinyModels.Config.Save(Path.Combine(hfDir, "config.json"));
        const long Big = int.MaxValue;
        TorchCheckpointWriter.Write(Path.Combine(hfDir, "pytorch_model.bin"),
            [new("transformer.wte.weight", "0", 0, [int.MaxValue, int.MaxValue, int.MaxValue], [Big * Big, Big, 1])],
            new Dictionary<string, float[]> { ["0"] = [1f] });

        var run = await CliRun.RunAsync("convert", "--from", hfDir, "--to", _temp.Sub("out"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("more elements than a 64-bit count holds", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_ShapesThatDisagreeWithTheConfig_PrintsTheReasonAndExitsNonZero()
    {
        var hfDir = _temp.Sub("hf");
        var config = TinyModels.Config;
        config.Save(Path.Combine(hfDir, "config.json"));
        var weights = RandomModel.CreateWeights(config, seed: 5);
        var entries = new List<TorchCheckpointWriter.Entry>();
        var storages = new Dictionary<string, float[]>();
        foreach (var (name, tensor) in weights)
        {
            var key = storages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // The position embedding claims one row fewer than n_positions.
            var shape = name == Gpt2WeightNames.PositionEmbedding ? [tensor.Shape[0] - 1, tensor.Shape[1]] : tensor.Shape;
            storages[key] = tensor.Data;
            entries.Add(new(name, key, 0, shape, RowMajor(shape)));
        }
        TorchCheckpointWriter.Write(Path.Combine(hfDir, "pytorch_model.bin"), entries, storages);

        var run = await CliRun.RunAsync("convert", "--from", hfDir, "--to", _temp.Sub("out"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"'{Gpt2WeightNames.PositionEmbedding}' has shape [{config.NPositions - 1}, {config.NEmbd}]", run.Stderr, StringComparison.Ordinal);
    }

    private string Write(IReadOnlyList<TorchCheckpointWriter.Entry> entries, Dictionary<string, float[]> storages,
        IReadOnlyDictionary<string, long>? declaredCounts = null)
    {
        var path = _temp.File($"{Guid.NewGuid():N}.bin");
        TorchCheckpointWriter.Write(path, entries, storages, declaredCounts: declaredCounts);
        return path;
    }

    private static long[] RowMajor(int[] shape)
    {
        var strides = new long[shape.Length];
        var stride = 1L;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }
}
