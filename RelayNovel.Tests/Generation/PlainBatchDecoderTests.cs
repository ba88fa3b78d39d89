using RelayNovel.Inference.Generation;

namespace RelayNovel.Tests.Generation;

public sealed class PlainBatchDecoderTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>
{
    private const int Vocab = 400;
    private static readonly int[] Short = [5, 17, 250];
    private static readonly int[] Long = [300, 4, 61, 61, 200, 15, 99, 42, 8];

    [Fact]
    public void Step_RaggedRows_GivesEachRowTheLogitsItGetsAlone()
    {
        using var batch = model.Generator.CreateBatchDecoder(3, 32);
        batch.Prefill(0, Long, default);
        batch.Prefill(1, Short, default);
        batch.Prefill(2, [77], default);
        var stepped = batch.Step([1, 0, 2], [11, 22, 33], default).ToArray();

        Assert.Equal(Short.Length + 1, batch.Length(1));
        AssertClose(Alone([.. Short, 11]), stepped.AsSpan(0, Vocab));
        AssertClose(Alone([.. Long, 22]), stepped.AsSpan(Vocab, Vocab));
        AssertClose(Alone([77, 33]), stepped.AsSpan(2 * Vocab, Vocab));
    }

    [Fact]
    public void Step_RowsJoiningLeavingAndSittingOut_KeepEveryRowsLogits()
    {
        using var batch = model.Generator.CreateBatchDecoder(3, 11);
        batch.Prefill(0, Short, default);
        batch.Step([0], [10], default);
        batch.Step([0], [11], default);
        batch.Prefill(1, Long, default);          // joins after two steps (the batch's width grows to its length)
        batch.Step([0, 1], [12, 20], default);
        batch.Release(0);                          // leaves: row 1 moves into its place
        batch.Prefill(2, [9, 8], default);
        batch.Step([2], [7], default);             // row 1 sits out this step (a masked hole)
        var last = batch.Step([1, 2], [21, 6], default).ToArray();   // the width reaches the capacity: compaction

        AssertClose(Alone([.. Long, 20, 21]), last.AsSpan(0, Vocab));
        AssertClose(Alone([9, 8, 7, 6]), last.AsSpan(Vocab, Vocab));
        Assert.Equal(0, batch.Length(0));
        Assert.Equal(Long.Length + 2, batch.Length(1));
    }

    [Fact]
    public void Fork_CopiesARowSoBothContinueAsTheSourceWould()
    {
        using var batch = model.Generator.CreateBatchDecoder(2, 16);
        batch.Prefill(0, Long, default);
        batch.Fork(0, 1);
        var stepped = batch.Step([0, 1], [11, 12], default).ToArray();

        AssertClose(Alone([.. Long, 11]), stepped.AsSpan(0, Vocab));
        AssertClose(Alone([.. Long, 12]), stepped.AsSpan(Vocab, Vocab));
    }

    [Fact]
    public void Prefill_InPieces_GivesTheLogitsOfTheWholePrompt()
    {
        using var batch = model.Generator.CreateBatchDecoder(1, 16);
        batch.Prefill(0, Long.AsSpan(0, 4), default);
        var logits = batch.Prefill(0, Long.AsSpan(4), default).ToArray();

        AssertClose(Alone(Long), logits);
    }

    [Fact]
    public void Step_CancelledBeforeTheRun_ThrowsAndLeavesTheRowsAsTheyWere()
    {
        using var batch = model.Generator.CreateBatchDecoder(1, 16);
        batch.Prefill(0, Short, default);

        Assert.ThrowsAny<OperationCanceledException>(() => batch.Step([0], [5], new CancellationToken(true)));
        Assert.Equal(Short.Length, batch.Length(0));
        AssertClose(Alone([.. Short, 5]), batch.Step([0], [5], default));
    }

    [Fact]
    public void Prefill_PastTheCapacity_Throws()
    {
        using var batch = model.Generator.CreateBatchDecoder(1, 4);

        Assert.Throws<ArgumentException>(() => batch.Prefill(0, Long, default));
    }

    private float[] Alone(int[] ids)
    {
        using var single = model.Generator.CreateSession(1, ids.Length);
        return single.Forward(ids, ids.Length).ToArray();
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var max = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        }

        Assert.True(max < 1e-4f, $"max diff {max}");
    }
}
