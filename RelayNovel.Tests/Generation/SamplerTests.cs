using RelayNovel.Inference.Generation;

namespace RelayNovel.Tests.Generation;

public sealed class SamplerTests
{
    private const int Vocab = 500;
    private const int EndOfText = 1;

    [Fact]
    public void TopK_ManySeeds_NeverLeavesTheTopK()
    {
        var logits = RandomLogits(seed: 7);
        var topFive = Enumerable.Range(0, Vocab).OrderByDescending(i => logits[i]).Take(5).ToHashSet();
        var options = new GenerationOptions { TopK = 5, TopP = 1f, Temperature = 1.5f, RepetitionPenalty = 1f };
        for (var seed = 0; seed < 300; seed++)
        {
            var sampler = new Sampler(options with { Seed = seed }, Vocab, EndOfText);
            for (var step = 0; step < 5; step++)
            {
                Assert.Contains(sampler.Next(logits, [], step), topFive);
            }
        }
    }

    [Theory]
    [InlineData(0.5f, new[] { 0 })]
    [InlineData(0.8f, new[] { 0, 1 })]
    [InlineData(0.81f, new[] { 0, 1, 2 })]
    [InlineData(1f, new[] { 0, 1, 2, 3 })]
    public void TopP_KnownDistribution_KeepsTheSmallestNucleus(float topP, int[] expected)
    {
        float[] logits = [MathF.Log(0.5f), MathF.Log(0.3f), MathF.Log(0.15f), MathF.Log(0.05f)];
        var sampler = new Sampler(new GenerationOptions { TopK = 0, TopP = topP, Temperature = 1f, RepetitionPenalty = 1f, Seed = 1 }, 4, -1);

        var kept = sampler.Distribution(logits, [], 0);

        Assert.Equal(expected, kept.Select(c => c.Id).ToArray());
        Assert.Equal(1.0, kept.Sum(c => c.Probability), 5);
    }

    [Fact]
    public void TopP_ManySeeds_NeverSamplesOutsideTheNucleus()
    {
        float[] logits = [MathF.Log(0.5f), MathF.Log(0.3f), MathF.Log(0.15f), MathF.Log(0.05f)];
        var options = new GenerationOptions { TopK = 0, TopP = 0.8f, Temperature = 1f, RepetitionPenalty = 1f };
        var seen = new HashSet<int>();
        for (var seed = 0; seed < 500; seed++)
        {
            seen.Add(new Sampler(options with { Seed = seed }, 4, -1).Next(logits, [], 0));
        }

        Assert.Equal([0, 1], seen.Order());
    }

    [Fact]
    public void Next_SameSeed_GivesTheSameSequence()
    {
        var logits = RandomLogits(seed: 3);
        var options = new GenerationOptions { Seed = 42, TopK = 0, TopP = 1f, Temperature = 1f };

        Assert.Equal(Draw(options, logits), Draw(options, logits));
    }

    [Fact]
    public void Next_DifferentSeeds_GiveDifferentSequences()
    {
        var logits = RandomLogits(seed: 3);
        var options = new GenerationOptions { TopK = 0, TopP = 1f, Temperature = 2f };

        Assert.NotEqual(Draw(options with { Seed = 1 }, logits), Draw(options with { Seed = 2 }, logits));
    }

    [Fact]
    public void RepetitionPenalty_TokenAlreadyInContext_BecomesLessLikely()
    {
        float[] logits = [2f, 1.5f, 1f, -0.5f];
        var plain = new GenerationOptions { TopK = 0, TopP = 1f, Temperature = 1f, RepetitionPenalty = 1f, Seed = 0 };
        var penalised = plain with { RepetitionPenalty = 1.5f };
        int[] context = [0, 3];

        var before = Probabilities(new Sampler(plain, 4, -1).Distribution(logits, context, 0));
        var after = Probabilities(new Sampler(penalised, 4, -1).Distribution(logits, context, 0));

        Assert.True(after[0] < before[0], $"token 0: {after[0]} should be below {before[0]}");
        // Seen tokens lose ground against unseen ones, whether their logits are positive (0) or negative (3).
        Assert.True(after[0] / after[1] < before[0] / before[1]);
        Assert.True(after[3] / after[2] < before[3] / before[2]);
    }

    [Fact]
    public void NoRepeatNgram_TokenCompletingASeenTrigram_IsNeverChosen()
    {
        var logits = new float[10];
        logits[3] = 100f;
        var sampler = new Sampler(new GenerationOptions { Temperature = 0f, NoRepeatNgramSize = 3, RepetitionPenalty = 1f }, 10, -1);

        var next = sampler.Next(logits, [1, 2, 3, 5, 1, 2], 3);

        Assert.NotEqual(3, next);
    }

    [Fact]
    public void MinNewTokens_EndOfTextMostLikely_IsHeldBackUntilReached()
    {
        var logits = new float[10];
        logits[EndOfText] = 50f;
        logits[4] = 1f;
        var sampler = new Sampler(new GenerationOptions { Temperature = 0f, MinNewTokens = 3, RepetitionPenalty = 1f }, 10, EndOfText);

        Assert.Equal(4, sampler.Next(logits, [7], 2));
        Assert.Equal(EndOfText, sampler.Next(logits, [7], 3));
    }

    [Fact]
    public void Greedy_TemperatureZero_PicksTheMostLikelyToken()
    {
        var logits = RandomLogits(seed: 11);
        var best = Array.IndexOf(logits, logits.Max());

        var next = new Sampler(new GenerationOptions { Temperature = 0f, RepetitionPenalty = 1f }, Vocab, EndOfText).Next(logits, [], 0);

        Assert.Equal(best, next);
    }

    [Fact]
    public void Next_IdsBeyondTheUsableVocabulary_AreNeverChosen()
    {
        var logits = new float[20];
        logits[15] = 100f;

        var next = new Sampler(new GenerationOptions { Temperature = 0f, RepetitionPenalty = 1f }, 10, -1).Next(logits, [], 0);

        Assert.InRange(next, 0, 9);
    }

    private static int[] Draw(GenerationOptions options, float[] logits)
    {
        var sampler = new Sampler(options, Vocab, -1);
        return Enumerable.Range(0, 40).Select(i => sampler.Next(logits, [], i)).ToArray();
    }

    private static Dictionary<int, double> Probabilities(IReadOnlyList<(int Id, double Probability)> distribution) =>
        distribution.ToDictionary(c => c.Id, c => c.Probability);

    private static float[] RandomLogits(int seed)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, Vocab).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
    }
}
