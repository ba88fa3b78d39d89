namespace RelayNovel.Inference.Onnx.Quantization;

/// <summary>
/// Asymmetric min/max block quantization of a MatMul weight: each block of <c>blockSize</c> weights along K
/// gets its own scale and zero point, its range stretched to include 0 so zero padding is exact.
/// </summary>
internal static class BlockQuantizer
{
    /// <param name="weights">B of a MatMul, [K, N] row-major (y = x·B).</param>
    public static BlockQuantizedMatrix Quantize(ReadOnlySpan<float> weights, int k, int n, int bits, int blockSize)
    {
        if (bits is not (4 or 8)) throw new ArgumentOutOfRangeException(nameof(bits), bits, "Only 4 and 8 bits are supported.");
        if (blockSize < 16 || (blockSize & (blockSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "The block size must be a power of two, at least 16.");
        }

        if (weights.Length != (long)k * n) throw new ArgumentException($"Expected {k}×{n} weights, got {weights.Length}.", nameof(weights));

        var blocks = (k + blockSize - 1) / blockSize;
        var blob = blockSize * bits / 8;
        var zpBytes = (blocks * bits + 7) / 8;
        var data = new byte[n * blocks * blob];
        var scales = new float[n * blocks];
        var zeroPoints = new byte[n * zpBytes];
        var qMax = (1 << bits) - 1;
        var column = new float[blockSize];

        for (var col = 0; col < n; col++)
        {
            for (var b = 0; b < blocks; b++)
            {
                var count = Math.Min(blockSize, k - (b * blockSize));
                float min = 0, max = 0;
                for (var i = 0; i < count; i++)
                {
                    var w = weights[((b * blockSize) + i) * n + col];
                    column[i] = w;
                    min = MathF.Min(min, w);
                    max = MathF.Max(max, w);
                }

                var scale = (max - min) / qMax;
                if (!(scale > 0) || !float.IsFinite(scale))
                {
                    // An all-zero block: any scale reproduces it exactly.
                    scale = 1f;
                }

                var zeroPoint = (int)Math.Clamp(MathF.Round(-min / scale), 0, qMax);
                scales[(col * blocks) + b] = scale;
                if (bits == 8)
                {
                    zeroPoints[(col * zpBytes) + b] = (byte)zeroPoint;
                }
                else
                {
                    zeroPoints[(col * zpBytes) + (b / 2)] |= (byte)(zeroPoint << (4 * (b % 2)));
                }

                var offset = ((col * blocks) + b) * blob;
                for (var i = 0; i < blockSize; i++)
                {
                    // Padding past K quantizes to the zero point, i.e. exactly 0.
                    var q = i < count ? (int)Math.Clamp(MathF.Round(column[i] / scale) + zeroPoint, 0, qMax) : zeroPoint;
                    if (bits == 8)
                    {
                        data[offset + i] = (byte)q;
                    }
                    else
                    {
                        data[offset + (i / 2)] |= (byte)(q << (4 * (i % 2)));
                    }
                }
            }
        }

        return new BlockQuantizedMatrix(k, n, bits, blockSize, data, scales, zeroPoints);
    }
}
