using RelayNovel.Inference.Checkpoints;

namespace RelayNovel.Tests.Checkpoints;

public sealed class PyTorchCheckpointTests
{
    [Fact]
    public void Read_TorchSaveLayout_GivesTensorsWithSharedAndStridedStorage()
    {
        using var temp = new TempDirectory();
        var storage0 = Enumerable.Range(0, 12).Select(i => i * 0.5f).ToArray();
        var storage1 = new float[] { 7, 8, 9 };
        TorchCheckpointWriter.Write(temp.File("pytorch_model.bin"),
        [
            new("a.weight", "0", 0, [3, 4], [4, 1]),
            new("tied.weight", "0", 0, [3, 4], [4, 1]),  // same storage, as a tied lm_head is saved
            new("a.t", "0", 0, [4, 3], [1, 4]),          // a transposed view
            new("a.row", "0", 8, [4], [1]),              // an offset view
            new("b.bias", "1", 0, [3], [1]),
        ], new Dictionary<string, float[]> { ["0"] = storage0, ["1"] = storage1 });

        var read = PyTorchCheckpoint.Read(temp.File("pytorch_model.bin"));

        Assert.Equal(storage0, read["a.weight"].Data);
        Assert.Equal(storage0, read["tied.weight"].Data);
        Assert.Equal([4, 3], read["a.t"].Shape);
        Assert.Equal([0f, 2f, 4f, 0.5f, 2.5f, 4.5f, 1f, 3f, 5f, 1.5f, 3.5f, 5.5f], read["a.t"].Data);
        Assert.Equal([4f, 4.5f, 5f, 5.5f], read["a.row"].Data);
        Assert.Equal(storage1, read["b.bias"].Data);
    }

    [Fact]
    public void Read_HalfStorage_ConvertsToFloat()
    {
        using var temp = new TempDirectory();
        TorchCheckpointWriter.Write(temp.File("half.bin"), [new("w", "0", 0, [2, 2], [2, 1])],
            new Dictionary<string, float[]> { ["0"] = [1.5f, -2f, 0.25f, 1024f] }, asHalf: true);

        var read = PyTorchCheckpoint.Read(temp.File("half.bin"));

        Assert.Equal([1.5f, -2f, 0.25f, 1024f], read["w"].Data);
    }

    [Theory]
    [InlineData("os", "system")]
    [InlineData("builtins", "eval")]
    [InlineData("subprocess", "Popen")]
    [InlineData("torch", "load")]
    public void Read_PickleCallingAnyOtherGlobal_IsRefusedWithoutRunningIt(string module, string name)
    {
        using var temp = new TempDirectory();
        var marker = temp.File("pwned");
        TorchCheckpointWriter.WriteZip(temp.File("evil.bin"), TorchCheckpointWriter.CallPickle(module, name, $"touch {marker}"), new Dictionary<string, byte[]>());

        var ex = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(temp.File("evil.bin")));

        Assert.Contains($"{module}.{name}", ex.Message);
        Assert.Contains("Refusing", ex.Message);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Read_ReduceOnAllowedStorageClass_IsRefused()
    {
        using var temp = new TempDirectory();
        TorchCheckpointWriter.WriteZip(temp.File("odd.bin"), TorchCheckpointWriter.CallPickle("torch", "FloatStorage", "x"), new Dictionary<string, byte[]>());

        var ex = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(temp.File("odd.bin")));

        Assert.Contains("torch.FloatStorage", ex.Message);
    }

    [Fact]
    public void Read_NewObjOpcode_IsRefused()
    {
        using var temp = new TempDirectory();
        byte[] pickle = [0x80, 2, .. "ccollections\nOrderedDict\n"u8, (byte)')', 0x81, (byte)'.'];
        TorchCheckpointWriter.WriteZip(temp.File("newobj.bin"), pickle, new Dictionary<string, byte[]>());

        var ex = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(temp.File("newobj.bin")));

        Assert.Contains("opcode 0x81", ex.Message);
    }

    [Fact]
    public void Read_TensorViewBeyondItsStorage_IsRefused()
    {
        using var temp = new TempDirectory();
        TorchCheckpointWriter.Write(temp.File("short.bin"), [new("w", "0", 2, [2, 2], [2, 1])],
            new Dictionary<string, float[]> { ["0"] = new float[4] });

        var ex = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(temp.File("short.bin")));

        Assert.Contains("past the end of storage", ex.Message);
    }

    [Fact]
    public void Read_MissingStorageEntry_NamesTheTensor()
    {
        using var temp = new TempDirectory();
        TorchCheckpointWriter.Write(temp.File("m.bin"), [new("w", "0", 0, [2], [1])], new Dictionary<string, float[]> { ["0"] = new float[2] });
        // Rebuild the zip without its storage entry.
        var pickleBytes = ReadEntry(temp.File("m.bin"), "archive/data.pkl");
        TorchCheckpointWriter.WriteZip(temp.File("nostorage.bin"), pickleBytes, new Dictionary<string, byte[]>());

        var ex = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(temp.File("nostorage.bin")));

        Assert.Contains("'w'", ex.Message);
    }

    [Fact]
    public void Read_LegacyPickleFile_ExplainsTheFormatIsUnsupported()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("old.bin"), [0x80, 2, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, (byte)'.']);

        var ex = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(temp.File("old.bin")));

        Assert.Contains("legacy", ex.Message);
    }

    [Fact]
    public void Read_ZipWithoutDataPkl_ExplainsWhatIsMissing()
    {
        using var temp = new TempDirectory();
        using (var zip = System.IO.Compression.ZipFile.Open(temp.File("x.bin"), System.IO.Compression.ZipArchiveMode.Create))
        {
            zip.CreateEntry("readme.txt");
        }

        var ex = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(temp.File("x.bin")));

        Assert.Contains("data.pkl", ex.Message);
    }

    private static byte[] ReadEntry(string zipPath, string entry)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(zipPath);
        using var stream = zip.GetEntry(entry)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
