namespace RelayNovel.Inference.Onnx.Quantization;

/// <summary>
/// A [K, N] weight matrix (MatMul's B) quantized block-wise along K, laid out as com.microsoft MatMulNBits reads
/// it: <see cref="Data"/> [N, blocks, blockSize·bits/8] (values packed low bits first), <see cref="Scales"/>
/// [N, blocks] and <see cref="ZeroPoints"/> [N, ⌈blocks·bits/8⌉] packed the same way. Dequantized:
/// <c>w = (q − zeroPoint) · scale</c>.
/// </summary>
internal sealed record BlockQuantizedMatrix(int K, int N, int Bits, int BlockSize, byte[] Data, float[] Scales, byte[] ZeroPoints)
{
    /// <summary>Blocks per column (the last one padded with zeros when K is not a multiple of the block size).</summary>
    public int Blocks => (K + BlockSize - 1) / BlockSize;

    /// <summary>Bytes one block's values take.</summary>
    public int BlobSize => BlockSize * Bits / 8;

    /// <summary>Bytes one column's zero points take.</summary>
    public int ZeroPointBytesPerColumn => (Blocks * Bits + 7) / 8;

    /// <summary>The quantized value of row <paramref name="k"/>, column <paramref name="n"/> (before the zero point).</summary>
    public int Value(int k, int n)
    {
        var block = k / BlockSize;
        var index = k % BlockSize;
        var offset = ((n * Blocks) + block) * BlobSize;
        return Bits == 8 ? Data[offset + index] : (Data[offset + (index / 2)] >> (4 * (index % 2))) & 0xF;
    }

    public int ZeroPoint(int block, int n)
    {
        var row = n * ZeroPointBytesPerColumn;
        return Bits == 8 ? ZeroPoints[row + block] : (ZeroPoints[row + (block / 2)] >> (4 * (block % 2))) & 0xF;
    }

    /// <summary>The weights as the runtime sees them, [K, N] row-major (tests, and the quantization error figures).</summary>
    public float[] Dequantize()
    {
        var result = new float[K * N];
        for (var n = 0; n < N; n++)
        {
            for (var k = 0; k < K; k++)
            {
                var block = k / BlockSize;
                result[(k * N) + n] = (Value(k, n) - ZeroPoint(block, n)) * Scales[(n * Blocks) + block];
            }
        }

        return result;
    }
}
