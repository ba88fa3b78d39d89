using System.Buffers.Binary;
using System.Text;
using RelayNovel.Inference.Checkpoints;

namespace RelayNovel.Tests.Checkpoints;

public sealed class SafeTensorsTests
{
    [Fact]
    public void Write_ThenRead_GivesTheSameTensors()
    {
        using var temp = new TempDirectory();
        var a = new NamedTensor("a.weight", [2, 3], [1, -2, 3.5f, 0, 1e-7f, -1e7f]);
        var b = new NamedTensor("b.bias", [3], [0.25f, 0.5f, 0.75f]);

        SafeTensors.Write(temp.File("m.safetensors"), [a, b]);
        var read = SafeTensors.Read(temp.File("m.safetensors"));

        Assert.Equal(2, read.Count);
        Assert.Equal(a.Shape, read["a.weight"].Shape);
        Assert.Equal(a.Data, read["a.weight"].Data);
        Assert.Equal(b.Data, read["b.bias"].Data);
    }

    [Fact]
    public void Read_F16AndBf16_ConvertsToFloat()
    {
        using var temp = new TempDirectory();
        var half = new byte[4];
        BinaryPrimitives.WriteHalfLittleEndian(half, (Half)1.5f);
        BinaryPrimitives.WriteHalfLittleEndian(half.AsSpan(2), (Half)(-0.25f));
        var bf16 = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(bf16, (ushort)(BitConverter.SingleToInt32Bits(3.0f) >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(bf16.AsSpan(2), (ushort)(BitConverter.SingleToInt32Bits(-96.0f) >> 16));
        var header = """{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[4,8]}}""";
        WriteRaw(temp.File("m.safetensors"), header, [.. half, .. bf16]);

        var read = SafeTensors.Read(temp.File("m.safetensors"));

        Assert.Equal([1.5f, -0.25f], read["h"].Data);
        Assert.Equal([3.0f, -96.0f], read["b"].Data);
    }

    [Theory]
    [InlineData("""{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8, "shape [3]")]
    [InlineData("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}}""", 8, "outside the 8 data bytes")]
    [InlineData("""{"x":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}""", 8, "dtype C64")]
    [InlineData("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"y":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "overlap")]
    [InlineData("""{"x":{"dtype":"F32","shape":[2]}}""", 8, "no data_offsets")]
    [InlineData("""{"x": [1, 2""", 8, "not valid JSON")]
    public void Read_CorruptHeader_ThrowsClearMessage(string header, int dataBytes, string expected)
    {
        using var temp = new TempDirectory();
        WriteRaw(temp.File("bad.safetensors"), header, new byte[dataBytes]);

        var ex = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Read(temp.File("bad.safetensors")));

        Assert.Contains(expected, ex.Message);
        Assert.Contains("bad.safetensors", ex.Message);
    }

    [Fact]
    public void Read_HeaderLengthBeyondTheFile_ThrowsClearMessage()
    {
        using var temp = new TempDirectory();
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1_000_000);
        File.WriteAllBytes(temp.File("bad.safetensors"), bytes);

        var ex = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Read(temp.File("bad.safetensors")));

        Assert.Contains("header length 1000000", ex.Message);
    }

    [Fact]
    public void Read_TruncatedFile_ThrowsClearMessage()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("short.safetensors"), [1, 2, 3]);

        var ex = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Read(temp.File("short.safetensors")));

        Assert.Contains("shorter than", ex.Message);
    }

    [SharedFixtureFact("peer-gpt2/lmbuddy-fake-gpt2/model.safetensors")]
    public void Read_LmBuddyFakeGpt2_ReadsAllTensorsWithHfNames()
    {
        var path = SharedFixtures.Require("peer-gpt2/lmbuddy-fake-gpt2/model.safetensors");
        var read = SafeTensors.Read(path);

        Assert.Equal([50257, 2], read["transformer.wte.weight"].Shape);
        Assert.Equal([2, 6], read["transformer.h.0.attn.c_attn.weight"].Shape);
        Assert.DoesNotContain("lm_head.weight", read.Keys);
        Assert.Equal(16, read.Count);
    }

    private static void WriteRaw(string path, string header, byte[] data)
    {
        var headerBytes = Encoding.UTF8.GetBytes(header);
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)headerBytes.Length);
        File.WriteAllBytes(path, [.. length, .. headerBytes, .. data]);
    }
}
