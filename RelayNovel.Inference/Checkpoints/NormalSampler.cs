namespace RelayNovel.Inference.Checkpoints;

/// <summary>Seeded normal samples (Box–Muller over <see cref="Random"/>), identical across runs and machines.</summary>
internal sealed class NormalSampler(int seed)
{
    private readonly Random _random = new(seed);

    public void Fill(Span<float> values, float mean, float std)
    {
        for (var i = 0; i < values.Length; i += 2)
        {
            var u1 = 1.0 - _random.NextDouble();
            var u2 = _random.NextDouble();
            var radius = Math.Sqrt(-2.0 * Math.Log(u1));
            values[i] = mean + std * (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < values.Length) values[i + 1] = mean + std * (float)(radius * Math.Sin(2 * Math.PI * u2));
        }
    }
}
