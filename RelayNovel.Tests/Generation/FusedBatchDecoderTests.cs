using RelayNovel.Tests.Onnx;

namespace RelayNovel.Tests.Generation;

/// <summary>
/// The shared-KV decoder against the plain-op graph: every logits row it returns must be the plain graph's logits
/// for that row's sequence so far (within 1e-4), however rows are prefilled, chunked, stepped together or apart.
/// </summary>
public sealed class FusedBatchDecoderTests(FusedGraphFixture model) : IClassFixture<FusedGraphFixture>
{
    private const float Tolerance = 1e-4f;
    private static int Vocab => FusedGraphFixture.Config.VocabSize;

    [Fact]
    public void Prefill_WholePrompt_MatchesPlainLogitsOfTheLastToken()
    {
        int[] prompt = [5, 17, 42, 3, 79, 0, 23];
        using var decoder = model.CreateDecoder(rows: 2, capacity: 16);

        var logits = decoder.Prefill(1, prompt, CancellationToken.None).ToArray();

        AssertClose(model.Reference(prompt)[^1], logits, "prompt");
        Assert.Equal(prompt.Length, decoder.Length(1));
        Assert.Equal(0, decoder.Length(0));
    }

    [Fact]
    public void Step_TokenByToken_MatchesPlainLogitsAtEveryPosition()
    {
        int[] sequence = [9, 33, 2, 70, 14, 6, 51, 27];
        var expected = model.Reference(sequence);
        using var decoder = model.CreateDecoder(rows: 1, capacity: sequence.Length);

        AssertClose(expected[0], decoder.Prefill(0, sequence[..1], CancellationToken.None), "token 0");
        for (var t = 1; t < sequence.Length; t++)
        {
            AssertClose(expected[t], decoder.Step([0], [sequence[t]], CancellationToken.None), $"token {t}");
        }

        Assert.Equal(sequence.Length, decoder.Length(0));
    }

    [Fact]
    public void Step_RaggedRowsJoiningAtDifferentTimes_EachMatchesItsOwnPlainLogits()
    {
        // Three sequences in rows 0, 3 and 1 of a 4-row buffer; row 2 stays free. Rows join mid-way, prefill in
        // chunks while others wait, and step together, apart and in any order.
        var sequences = new Dictionary<int, int[]>
        {
            [0] = [5, 17, 42, 3, 79, 0, 23, 61, 8, 11, 40, 2],
            [3] = [9, 33, 2, 70, 14, 6, 51, 27, 19, 36],
            [1] = [44, 1, 62, 13, 77, 30, 4, 58],
        };
        var expected = sequences.ToDictionary(kv => kv.Key, kv => model.Reference(kv.Value));
        using var decoder = model.CreateDecoder(rows: 4, capacity: 16);
        var length = new Dictionary<int, int> { [0] = 0, [3] = 0, [1] = 0 };

        void Prefill(int row, int count)
        {
            var logits = decoder.Prefill(row, sequences[row].AsSpan(length[row], count), CancellationToken.None);
            length[row] += count;
            AssertClose(expected[row][length[row] - 1], logits, $"row {row} prefill to {length[row]}");
        }

        void Step(params int[] rows)
        {
            var tokens = rows.Select(r => sequences[r][length[r]]).ToArray();
            var logits = decoder.Step(rows, tokens, CancellationToken.None).ToArray();
            for (var i = 0; i < rows.Length; i++)
            {
                length[rows[i]]++;
                AssertClose(expected[rows[i]][length[rows[i]] - 1], logits.AsSpan(i * Vocab, Vocab), $"row {rows[i]} step to {length[rows[i]]}");
            }
        }

        Prefill(0, 4);
        Step(0);
        Prefill(3, 2);              // row 3 joins while row 0 waits
        Prefill(3, 3);              // a second chunk on top of row 3's cache
        Step(3, 0);                 // rows 1 and 2 (free) lie inside the span
        Prefill(1, 3);              // row 1 joins, inside the span of 0..3
        Step(0, 1);                 // row 3 lies outside the span 0..1
        Step(0, 3);                 // rows 1 (holding a prompt) and 2 (free) inside the span do not step
        Step(1, 3, 0);
        Prefill(0, 2);              // a chunk after steps
        Step(3, 1);
        Step(0, 1, 3);

        Assert.All(length, kv => Assert.Equal(kv.Value, decoder.Length(kv.Key)));
        Assert.Equal(0, decoder.Length(2));
    }

    [Fact]
    public void Step_RowInsideTheSpanThatDoesNotStep_KeepsItsCacheUntouched()
    {
        using var decoder = model.CreateDecoder(rows: 3, capacity: 8);
        decoder.Prefill(0, [5, 17, 42], CancellationToken.None);
        decoder.Prefill(1, [9, 33], CancellationToken.None);
        decoder.Prefill(2, [44, 1, 62, 13], CancellationToken.None);
        var before = Enumerable.Range(0, 2 * FusedGraphFixture.Config.NLayer).Select(t => decoder.Cache.HostRow(t, 1)).ToArray();

        decoder.Step([0, 2], [79, 77], CancellationToken.None);

        var slots = decoder.Cache.Slots;
        var headDim = decoder.Cache.HeadDim;
        for (var t = 0; t < before.Length; t++)
        {
            var after = decoder.Cache.HostRow(t, 1);
            for (var h = 0; h < decoder.Cache.Heads; h++)
            {
                // Row 1's two tokens are as they were; only its slot 2 (which it does not hold) may have been written.
                Assert.Equal(before[t].AsSpan(h * slots * headDim, 2 * headDim).ToArray(), after.AsSpan(h * slots * headDim, 2 * headDim).ToArray());
            }
        }

        Assert.Equal(2, decoder.Length(1));
    }

    [Fact]
    public void Step_FullRowInsideTheSpan_DoesNotSpillIntoTheNextRow()
    {
        int[] full = [5, 17, 42, 3];
        int[] next = [9, 33];
        using var decoder = model.CreateDecoder(rows: 3, capacity: 4);
        decoder.Prefill(0, [44], CancellationToken.None);
        decoder.Prefill(1, full, CancellationToken.None);
        decoder.Prefill(2, next[..1], CancellationToken.None);

        decoder.Step([0, 2], [1, next[1]], CancellationToken.None);
        var afterFullRowWaited = decoder.Step([2], [8], CancellationToken.None).ToArray();

        AssertClose(model.Reference([.. next, 8])[^1], afterFullRowWaited, "row after the full row");
        Assert.Throws<InvalidOperationException>(() => decoder.Step([1], [8], CancellationToken.None));
    }

    [Fact]
    public void Fork_PrefilledRow_BothRowsContinueAsTheirOwnSequences()
    {
        int[] prompt = [5, 17, 42, 3, 79];
        using var decoder = model.CreateDecoder(rows: 3, capacity: 12);
        decoder.Prefill(0, prompt, CancellationToken.None);

        decoder.Fork(0, 2);
        var logits = decoder.Step([2, 0], [60, 61], CancellationToken.None).ToArray();
        var next = decoder.Step([0, 2], [7, 8], CancellationToken.None).ToArray();

        Assert.Equal(prompt.Length + 2, decoder.Length(2));
        AssertClose(model.Reference([.. prompt, 60])[^1], logits.AsSpan(0, Vocab), "fork after one step");
        AssertClose(model.Reference([.. prompt, 61])[^1], logits.AsSpan(Vocab, Vocab), "source after one step");
        AssertClose(model.Reference([.. prompt, 61, 7])[^1], next.AsSpan(0, Vocab), "source after two steps");
        AssertClose(model.Reference([.. prompt, 60, 8])[^1], next.AsSpan(Vocab, Vocab), "fork after two steps");
    }

    [Fact]
    public void Fork_IntoARowThatHoldsTokens_Refuses()
    {
        using var decoder = model.CreateDecoder(rows: 2, capacity: 8);
        decoder.Prefill(0, [5, 17], CancellationToken.None);
        decoder.Prefill(1, [9], CancellationToken.None);

        Assert.Throws<InvalidOperationException>(() => decoder.Fork(0, 1));
        Assert.Throws<ArgumentException>(() => decoder.Fork(0, 0));
        Assert.Equal(1, decoder.Length(1));
    }

    [Fact]
    public void Release_ThenNewPrompt_StartsFromAnEmptyRow()
    {
        int[] fresh = [44, 1, 62];
        using var decoder = model.CreateDecoder(rows: 2, capacity: 8);
        decoder.Prefill(1, [5, 17, 42, 3, 79], CancellationToken.None);

        decoder.Release(1);
        var afterRelease = decoder.Length(1);
        var logits = decoder.Prefill(1, fresh, CancellationToken.None).ToArray();

        Assert.Equal(0, afterRelease);
        AssertClose(model.Reference(fresh)[^1], logits, "prompt in a released row");
    }

    [Fact]
    public void Prefill_PastCapacity_RefusesAndKeepsTheRow()
    {
        using var decoder = model.CreateDecoder(rows: 1, capacity: 4);
        decoder.Prefill(0, [5, 17, 42], CancellationToken.None);

        Assert.Throws<InvalidOperationException>(() => decoder.Prefill(0, [1, 2], CancellationToken.None));
        Assert.Throws<ArgumentException>(() => decoder.Step([0, 0], [1, 2], CancellationToken.None));
        Assert.Equal(3, decoder.Length(0));
        AssertClose(model.Reference([5, 17, 42, 3])[^1], decoder.Step([0], [3], CancellationToken.None), "after refusals");
    }

    [Fact]
    public void Prefill_CancelledBeforeTheRun_ThrowsAndKeepsTheRowEmpty()
    {
        using var decoder = model.CreateDecoder(rows: 1, capacity: 8);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => decoder.Prefill(0, [5, 17], cts.Token));
        Assert.Equal(0, decoder.Length(0));
    }

    [Fact]
    public void KvBytesPerToken_IsAllLayersKeysAndValues()
    {
        var config = FusedGraphFixture.Config;
        using var decoder = model.CreateDecoder(rows: 2, capacity: 8);

        Assert.Equal(2L * config.NLayer * config.NEmbd * sizeof(float), decoder.KvBytesPerToken);
        Assert.Equal(2, decoder.MaxRows);
        Assert.Equal(8, decoder.Capacity);
        Assert.Equal(config.VocabSize, decoder.VocabSize);
    }

    private static void AssertClose(float[] expected, ReadOnlySpan<float> actual, string what) =>
        Assert.True(TinyModels.MaxAbsDiff(expected, actual) <= Tolerance, $"{what}: max diff {TinyModels.MaxAbsDiff(expected, actual)}");
}
