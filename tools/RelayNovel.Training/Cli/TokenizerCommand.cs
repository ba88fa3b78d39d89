using System.Diagnostics;
using System.Globalization;
using RelayNovel.Training.Data;
using RelayNovel.Training.Tokenizer;

namespace RelayNovel.Training.Cli;

/// <summary>
/// `tokenizer --vocab 8000,16000,24000 [--out DIR]`: trains one tokenizer per size on the training
/// works and prints characters per token on the held-out works (the vocabulary-size measurement).
/// </summary>
internal static class TokenizerCommand
{
    public static int Run(Options o)
    {
        var corpus = CorpusLocator.Find(o.Get("corpus"));
        var split = CorpusSplit.Create(CorpusManifest.Load(corpus));
        var trainDocs = split.Train.Select(w => CorpusManifest.ReadText(corpus, w)).ToList();
        var valDocs = split.Validation.Select(w => CorpusManifest.ReadText(corpus, w)).ToList();
        var counts = WordCounter.Count(trainDocs);
        long valChars = valDocs.Sum(d => (long)d.Length);
        foreach (var size in o.Str("vocab", "8000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
        {
            var sw = Stopwatch.StartNew();
            var vocab = BpeTrainer.Train(counts, size, o.Int("min-char-frequency", 5));
            var trainTime = sw.Elapsed.TotalSeconds;
            var encoder = new BpeEncoder(vocab);
            var tokens = valDocs.Sum(d => encoder.Encode(d).Count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"vocab {size}: {vocab.Tokens.Count} tokens, {vocab.Merges.Count} merges, trained in {trainTime:F1}s; validation {valChars / (double)tokens:F3} chars/token"));
            if (o.Get("out") is { } outDir)
            {
                Directory.CreateDirectory(outDir);
                File.WriteAllText(Path.Combine(outDir, $"tokenizer-{size}.json"), vocab.ToJson());
            }
        }

        return 0;
    }
}
