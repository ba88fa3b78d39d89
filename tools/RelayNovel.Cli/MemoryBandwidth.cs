using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace RelayNovel.Cli;

/// <summary>
/// Measures memory read bandwidth the way a decode step reads weights: every core sums its share of an
/// array far larger than the caches, with SIMD; the best of several passes counts.
/// </summary>
internal static class MemoryBandwidth
{
    public static double MeasureGBs(int megabytes, int passes = 6)
    {
        var floats = (long)megabytes * 1024 * 1024 / sizeof(float);
        var data = GC.AllocateUninitializedArray<float>((int)floats);
        // Touch every page so the first pass does not measure page faults.
        data.AsSpan().Fill(1f);
        var threads = Environment.ProcessorCount;
        var best = double.MaxValue;
        var sink = 0f;
        for (var pass = 0; pass <= passes; pass++)
        {
            var partial = new float[threads];
            var clock = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var start = floats * t / threads;
                var end = floats * (t + 1) / threads;
                partial[t] = Sum(data.AsSpan((int)start, (int)(end - start)));
            });
            var seconds = clock.Elapsed.TotalSeconds;
            sink += partial.Sum();
            if (pass > 0)
            {
                best = Math.Min(best, seconds);
            }
        }

        GC.KeepAlive(sink);
        return floats * sizeof(float) / best / 1e9;
    }

    private static float Sum(ReadOnlySpan<float> span)
    {
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(span);
        Vector<float> a = default, b = default, c = default, d = default;
        var i = 0;
        for (; i + 4 <= vectors.Length; i += 4)
        {
            a += vectors[i];
            b += vectors[i + 1];
            c += vectors[i + 2];
            d += vectors[i + 3];
        }

        for (; i < vectors.Length; i++)
        {
            a += vectors[i];
        }

        var total = Vector.Sum(a + b + c + d);
        for (var j = vectors.Length * Vector<float>.Count; j < span.Length; j++)
        {
            total += span[j];
        }

        return total;
    }
}
