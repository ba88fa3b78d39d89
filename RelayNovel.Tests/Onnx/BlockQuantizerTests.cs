using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Onnx.Quantization;

namespace RelayNovel.Tests.Onnx;

public sealed class BlockQuantizerTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    public void Quantize_RandomWeights_DequantizeWithinHalfAStepOfEachBlock(int bits)
    {
        // K = 48 is one and a half blocks of 32: the last block is padded.
        const int k = 48, n = 5;
        var weights = new float[k * n];
        new NormalSampler(7).Fill(weights, 0.1f, 0.5f);

        var matrix = BlockQuantizer.Quantize(weights, k, n, bits, 32);
        var restored = matrix.Dequantize();

        Assert.Equal(2, matrix.Blocks);
        for (var row = 0; row < k; row++)
        {
            for (var col = 0; col < n; col++)
            {
                var scale = matrix.Scales[(col * matrix.Blocks) + (row / 32)];
                Assert.True(MathF.Abs(restored[(row * n) + col] - weights[(row * n) + col]) <= (scale / 2) + 1e-6f,
                    $"w[{row},{col}] = {weights[(row * n) + col]} came back as {restored[(row * n) + col]} (scale {scale})");
            }
        }
    }

    [Fact]
    public void Quantize_Int4_PacksValuesAndZeroPointsLowNibbleFirst()
    {
        // One column, two blocks of 16: 0..15 (range 15, zero point 0) and -1..14 (zero point 1); scale 1 in both.
        var weights = Enumerable.Range(0, 16).Select(i => (float)i).Concat(Enumerable.Range(-1, 16).Select(i => (float)i)).ToArray();

        var matrix = BlockQuantizer.Quantize(weights, 32, 1, 4, 16);

        Assert.Equal([1f, 1f], matrix.Scales);
        Assert.Equal(0x10, matrix.Data[0]);
        Assert.Equal(0x32, matrix.Data[1]);
        Assert.Equal(0x10, matrix.ZeroPoints[0]);
        Assert.Equal(weights, matrix.Dequantize());
    }

    [Fact]
    public void Quantize_AllZeroBlock_StaysExactlyZero()
    {
        var matrix = BlockQuantizer.Quantize(new float[64], 32, 2, 8, 32);

        Assert.All(matrix.Dequantize(), w => Assert.Equal(0f, w));
    }

    [Fact]
    public void Quantize_BlockSizeNotAPowerOfTwo_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockQuantizer.Quantize(new float[48], 48, 1, 8, 48));
    }
}
