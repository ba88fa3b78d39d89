using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Onnx;
using RelayNovel.Tests.Onnx;
using RelayNovel.Tests.Reference;

namespace RelayNovel.Tests.Checkpoints;

public sealed class PeerGpt2Tests
{
    private const float Tolerance = 1e-4f;

    [SharedFixtureFact("peer-gpt2/ortgenai-tiny-random-gpt2/past.onnx")]
    public void PeerPastOnnx_GreedyLoopWithCache_ReproducesGoldOutputs()
    {
        var pastOnnx = PeerModels.TinyRandomGpt2PastOnnx!;
        var gold = PeerModels.LoadTinyRandomGreedyGold();
        var config = PeerModels.TinyRandomGpt2Config();
        using var peer = new PeerPastOnnxRunner(pastOnnx, config.NLayer, config.NHead, config.HeadDim);

        var rows = PeerGreedy(peer, gold, config.VocabSize, out _);

        Assert.Equal(gold.Expected, rows);
    }

    [SharedFixtureFact("peer-gpt2/ortgenai-tiny-random-gpt2/past.onnx")]
    public void PeerPastOnnx_FirstStepLogits_MatchTheFixtureNotes()
    {
        var pastOnnx = PeerModels.TinyRandomGpt2PastOnnx!;
        var config = PeerModels.TinyRandomGpt2Config();
        using var peer = new PeerPastOnnxRunner(pastOnnx, config.NLayer, config.NHead, config.HeadDim);

        var (logits, _, _) = peer.Step([[0, 0, 0, 52]], [[0, 1, 2, 3]], [[1, 1, 1, 1]], null, 0);

        float[] expected = [-0.126754f, -0.056025f, 0.116621f, 0.007378f, 0.115772f, -0.076593f, 0.249044f, 0.025937f];
        Assert.True(TinyModels.MaxAbsDiff(expected, logits.AsSpan(3 * config.VocabSize, 8)) <= 1e-5f);
    }

    [SharedFixtureFact("peer-gpt2/ortgenai-tiny-random-gpt2/past.onnx")]
    public void ConvertedTinyRandomGpt2_GreedyLoopWithCache_ReproducesGoldOutputs()
    {
        using var temp = new TempDirectory();
        var modelDir = PeerModels.ConvertTinyRandomGpt2(temp.Path);
        var config = Gpt2Config.Load(Path.Combine(modelDir, "config.json"));
        var gold = PeerModels.LoadTinyRandomGreedyGold();
        using var ours = new OrtGpt2Runner(Path.Combine(modelDir, "model.onnx"), config);

        var rows = OurGreedy(ours, gold, config.VocabSize, out _);

        Assert.Equal(gold.Expected, rows);
        Assert.True(File.Exists(Path.Combine(modelDir, "tokenizer.json")));
        Assert.Contains("tiny-random-gpt2", File.ReadAllText(Path.Combine(modelDir, "MODEL_CARD.md")));
    }

    [SharedFixtureFact("peer-gpt2/ortgenai-tiny-random-gpt2/past.onnx")]
    public void ConvertedTinyRandomGpt2_EveryStepsLogits_MatchPeerPastOnnxAndReference()
    {
        var pastOnnx = PeerModels.TinyRandomGpt2PastOnnx!;
        using var temp = new TempDirectory();
        var modelDir = PeerModels.ConvertTinyRandomGpt2(temp.Path);
        var weights = PeerModels.RebuildTinyRandomGpt2Weights(out var config);
        var gold = PeerModels.LoadTinyRandomGreedyGold();
        using var peer = new PeerPastOnnxRunner(pastOnnx, config.NLayer, config.NHead, config.HeadDim);
        using var ours = new OrtGpt2Runner(Path.Combine(modelDir, "model.onnx"), config);

        PeerGreedy(peer, gold, config.VocabSize, out var peerSteps);
        OurGreedy(ours, gold, config.VocabSize, out var ourSteps);

        Assert.Equal(peerSteps.Count, ourSteps.Count);
        for (var s = 0; s < peerSteps.Count; s++)
        {
            Assert.True(TinyModels.MaxAbsDiff(peerSteps[s], ourSteps[s]) <= Tolerance, $"step {s}");
        }

        var reference = new Gpt2Reference(config, weights).Forward(gold.Expected[1][..^1]);
        Assert.True(TinyModels.MaxAbsDiff(reference[^1], ourSteps[^1].AsSpan(config.VocabSize, config.VocabSize)) <= Tolerance);
    }

    [SharedFixtureFact("peer-gpt2/lmbuddy-fake-gpt2/model.safetensors")]
    public void Convert_LmBuddyFakeGpt2_RefusesItsByteLevelTokenizerClearly()
    {
        var hfDir = PeerModels.LmBuddyFakeGpt2Folder!;
        using var temp = new TempDirectory();

        var ex = Assert.Throws<CheckpointFormatException>(() => CheckpointConverter.Convert(hfDir, temp.Sub("out")));

        Assert.Contains("ByteLevel", ex.Message);
        Assert.Contains("Metaspace", ex.Message);
        Assert.Contains("conversion is refused", ex.Message);
        Assert.False(File.Exists(Path.Combine(temp.Path, "out", "model.onnx")));
    }

    [SharedFixtureFact("peer-gpt2/lmbuddy-fake-gpt2/model.safetensors")]
    public void LmBuddyFakeGpt2_PrefixedTiedCheckpoint_LoadsAndItsOnnxMatchesReference()
    {
        var hfDir = PeerModels.LmBuddyFakeGpt2Folder!;
        using var temp = new TempDirectory();
        var checkpoint = HfCheckpoint.Load(hfDir);
        Gpt2OnnxWriter.Write(temp.File("model.onnx"), checkpoint.Config, checkpoint.Weights);
        int[] prompt = [15496, 314, 1975, 287, 50256, 0];
        var expected = new Gpt2Reference(checkpoint.Config, checkpoint.Weights).Forward(prompt);
        using var runner = new OrtGpt2Runner(temp.File("model.onnx"), checkpoint.Config);

        var result = runner.Step([prompt.Select(t => (long)t).ToArray()], TinyModels.Ones(1, prompt.Length), TinyModels.Positions(1, 0, prompt.Length), past: null);

        Assert.Empty(checkpoint.Notes);
        Assert.Equal(50257, checkpoint.Config.VocabSize);
        for (var t = 0; t < prompt.Length; t++)
        {
            Assert.True(TinyModels.MaxAbsDiff(expected[t], result.Row(0, t, prompt.Length, checkpoint.Config.VocabSize)) <= Tolerance);
        }
    }

    [SharedFixtureFact("peer-gpt2/lmbuddy-tiny-gpt2/model.safetensors")]
    public void LmBuddyTinyGpt2_BareGpt2Model_ConvertsWithTiedHeadAndSaysSo()
    {
        var source = PeerModels.LmBuddyTinyGpt2Folder!;
        using var temp = new TempDirectory();
        // The fixture has only vocab.json/merges.txt, so a KoGPT2-kind tokenizer of its 21 tokens stands in.
        var hfDir = temp.Sub("hf");
        foreach (var file in Directory.EnumerateFiles(source)) File.Copy(file, Path.Combine(hfDir, Path.GetFileName(file)));
        var config = Gpt2Config.Load(Path.Combine(hfDir, "config.json"));
        File.WriteAllText(Path.Combine(hfDir, "tokenizer.json"), RandomModelTokenizer.Create(config with { BosTokenId = 0, EosTokenId = 1, PadTokenId = 1 }).Json);

        CheckpointConverter.Convert(hfDir, temp.Sub("model"));

        var checkpoint = HfCheckpoint.Load(hfDir);
        Assert.Contains(checkpoint.Notes, n => n.Contains("bare GPT2Model", StringComparison.Ordinal));
        Assert.Contains("bare GPT2Model", File.ReadAllText(temp.File("model/MODEL_CARD.md")));
        int[] prompt = [3, 20, 7, 0];
        var expected = new Gpt2Reference(config, checkpoint.Weights).Forward(prompt);
        using var runner = new OrtGpt2Runner(temp.File("model/model.onnx"), config);
        var result = runner.Step([prompt.Select(t => (long)t).ToArray()], TinyModels.Ones(1, 4), TinyModels.Positions(1, 0, 4), past: null);
        Assert.True(TinyModels.MaxAbsDiff(expected[3], result.Row(0, 3, 4, config.VocabSize)) <= Tolerance);
    }

    [SharedFixtureFact("peer-gpt2/lmbuddy-tiny-gpt2/model.safetensors")]
    public void Convert_LmBuddyTinyGpt2AsShipped_RefusesForMissingTokenizerJson()
    {
        var hfDir = PeerModels.LmBuddyTinyGpt2Folder!;
        using var temp = new TempDirectory();

        var ex = Assert.Throws<CheckpointFormatException>(() => CheckpointConverter.Convert(hfDir, temp.Sub("out")));

        Assert.Contains("no tokenizer.json", ex.Message);
    }

    private static int[][] PeerGreedy(PeerPastOnnxRunner peer, PeerModels.GreedyGold gold, int vocab, out List<float[]> stepLogits)
    {
        var rows = gold.InputIds.Select(r => r.ToList()).ToArray();
        stepLogits = [];
        float[][]? past = null;
        var pastLength = 0;
        var fed = rows.Select(r => r.ToArray()).ToArray();
        while (rows[0].Count < gold.MaxLength)
        {
            int seq = fed[0].Length, total = pastLength + seq;
            var positions = rows.Select(_ => Enumerable.Range(pastLength, seq).ToArray()).ToArray();
            var mask = rows.Select(_ => Enumerable.Repeat(1, total).ToArray()).ToArray();
            var (logits, present, presentLength) = peer.Step(fed, positions, mask, past, pastLength);
            stepLogits.Add(LastPositionLogits(logits, rows.Length, seq, vocab));
            fed = AppendArgmax(rows, stepLogits[^1], vocab);
            past = present;
            pastLength = presentLength;
        }

        return rows.Select(r => r.ToArray()).ToArray();
    }

    private static int[][] OurGreedy(OrtGpt2Runner ours, PeerModels.GreedyGold gold, int vocab, out List<float[]> stepLogits)
    {
        var rows = gold.InputIds.Select(r => r.ToList()).ToArray();
        stepLogits = [];
        OrtGpt2Runner.LayerCache[]? past = null;
        var fed = rows.Select(r => r.ToArray()).ToArray();
        while (rows[0].Count < gold.MaxLength)
        {
            var pastLength = past?[0].Length ?? 0;
            int seq = fed[0].Length;
            var result = ours.Step(
                fed.Select(r => r.Select(t => (long)t).ToArray()).ToArray(),
                TinyModels.Ones(rows.Length, pastLength + seq),
                TinyModels.Positions(rows.Length, pastLength, seq),
                past);
            stepLogits.Add(LastPositionLogits(result.Logits, rows.Length, seq, vocab));
            fed = AppendArgmax(rows, stepLogits[^1], vocab);
            past = result.Present;
        }

        return rows.Select(r => r.ToArray()).ToArray();
    }

    private static float[] LastPositionLogits(float[] logits, int batch, int seq, int vocab) =>
        Enumerable.Range(0, batch).SelectMany(b => logits.AsSpan(((b * seq) + seq - 1) * vocab, vocab).ToArray()).ToArray();

    private static int[][] AppendArgmax(List<int>[] rows, float[] lastLogits, int vocab)
    {
        var next = new int[rows.Length][];
        for (var b = 0; b < rows.Length; b++)
        {
            var span = lastLogits.AsSpan(b * vocab, vocab);
            var best = 0;
            for (var v = 1; v < vocab; v++) if (span[v] > span[best]) best = v;
            rows[b].Add(best);
            next[b] = [best];
        }

        return next;
    }
}
