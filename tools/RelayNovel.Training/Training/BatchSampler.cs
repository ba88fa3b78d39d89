using TorchSharp;
using static TorchSharp.torch;

namespace RelayNovel.Training.Training;

/// <summary>
/// Random contiguous windows of the training stream. The window for (step, row) is a pure hash of
/// seed, step and row, so a resumed run reads exactly the batches an uninterrupted one would.
/// </summary>
internal sealed class BatchSampler(int[] tokens, int context, int batch, int seed)
{
    public (Tensor Input, Tensor Target) Batch(long step)
    {
        var span = tokens.Length - context - 1;
        if (span <= 0)
        {
            throw new InvalidOperationException($"Training stream has {tokens.Length} tokens, fewer than context {context} + 1.");
        }

        var data = new long[batch * (context + 1)];
        for (var row = 0; row < batch; row++)
        {
            var start = (int)(Mix((ulong)seed, (ulong)step, (ulong)row) % (ulong)(span + 1));
            for (var i = 0; i <= context; i++)
            {
                data[(row * (context + 1)) + i] = tokens[start + i];
            }
        }

        var all = torch.tensor(data, [batch, context + 1], ScalarType.Int64);
        return (all[.., ..^1], all[.., 1..]);
    }

    private static ulong Mix(ulong a, ulong b, ulong c)
    {
        var x = (a * 0x9E3779B97F4A7C15UL) ^ (b * 0xC2B2AE3D27D4EB4FUL) ^ (c * 0x165667B19E3779F9UL);
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        return x ^ (x >> 33);
    }
}
