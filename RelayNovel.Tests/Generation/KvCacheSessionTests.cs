namespace RelayNovel.Tests.Generation;

public sealed class KvCacheSessionTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>
{
    private const int Vocab = 400;
    private static readonly int[] RowA = [5, 17, 250, 33, 90, 120, 7];
    private static readonly int[] RowB = [300, 4, 61, 61, 200, 15, 99];

    [Fact]
    public void Forward_TokenByTokenWithTheCache_GivesTheLogitsOfRecomputingTheWholeContext()
    {
        using var cached = model.Generator.CreateSession(1, RowA.Length);
        using var recomputed = model.Generator.CreateSession(1, RowA.Length);

        cached.Forward(RowA.AsSpan(0, 3), 3);
        float[] stepLogits = [];
        for (var i = 3; i < RowA.Length; i++)
        {
            stepLogits = cached.Forward(RowA.AsSpan(i, 1), 1).ToArray();
        }

        var fullLogits = recomputed.Forward(RowA, RowA.Length).ToArray();

        Assert.Equal(RowA.Length, cached.Length);
        Assert.True(MaxAbsDiff(stepLogits, fullLogits) < 1e-4f, $"max diff {MaxAbsDiff(stepLogits, fullLogits)}");
    }

    [Fact]
    public void Forward_BatchOfTwo_GivesEachRowTheLogitsItGetsAlone()
    {
        using var batch = model.Generator.CreateSession(2, RowA.Length + 1);
        using var single = model.Generator.CreateSession(1, RowA.Length + 1);

        batch.Forward([.. RowA, .. RowB], RowA.Length);
        var both = batch.Forward([11, 22], 1).ToArray();
        single.Forward(RowA, RowA.Length);
        var a = single.Forward([11], 1).ToArray();
        single.Reset();
        single.Forward(RowB, RowB.Length);
        var b = single.Forward([22], 1).ToArray();

        Assert.True(MaxAbsDiff(both.AsSpan(0, Vocab), a) < 1e-4f);
        Assert.True(MaxAbsDiff(both.AsSpan(Vocab, Vocab), b) < 1e-4f);
        Assert.True(MaxAbsDiff(a, b) > 1e-3f, "different rows should give different logits");
    }

    [Fact]
    public void Forward_PastCapacity_ThrowsInsteadOfOverrunningTheCache()
    {
        using var session = model.Generator.CreateSession(1, 4);
        session.Forward([1, 2, 3], 3);

        Assert.Throws<InvalidOperationException>(() => session.Forward([4, 5], 2));
    }

    [Fact]
    public void Forward_TerminateFlagLeftSetByALateCancellation_DoesNotStopTheNextRun()
    {
        using var session = model.Generator.CreateSession(1, RowA.Length);
        using var reference = model.Generator.CreateSession(1, RowA.Length);
        // What a cancellation landing just after the previous run ended (a client hanging up) used to leave behind:
        // the next run, another request's, failed with ONNX Runtime's "terminate flag" error (a 500 on /v1).
        session.RunOptions.Terminate = true;

        var logits = session.Forward(RowA, RowA.Length).ToArray();

        Assert.True(MaxAbsDiff(logits, reference.Forward(RowA, RowA.Length).ToArray()) < 1e-4f);
    }

    [Fact]
    public void Forward_Cancelled_ThrowsAndLeavesTheCacheUsable()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using var session = model.Generator.CreateSession(1, RowA.Length);
        using var reference = model.Generator.CreateSession(1, RowA.Length);
        session.Forward(RowA.AsSpan(0, 4), 4);

        Assert.ThrowsAny<OperationCanceledException>(() => session.Forward(RowA.AsSpan(4, 1), 1, cancelled.Token));
        var afterCancel = session.Forward(RowA.AsSpan(4, 3), 3).ToArray();
        var expected = reference.Forward(RowA, RowA.Length).ToArray();

        Assert.Equal(RowA.Length, session.Length);
        Assert.True(MaxAbsDiff(afterCancel, expected) < 1e-4f);
    }

    private static float MaxAbsDiff(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        Assert.Equal(x.Length, y.Length);
        var max = 0f;
        for (var i = 0; i < x.Length; i++)
        {
            max = MathF.Max(max, MathF.Abs(x[i] - y[i]));
        }

        return max;
    }
}
