using System.Diagnostics;
using System.Globalization;
using RelayNovel.Inference.Tokenization;
using RelayNovel.Training.Data;
using RelayNovel.Training.Tokenizer;

namespace RelayNovel.Training.Cli;

/// <summary>
/// `prepare --out RUN [--vocab 8000] [--tokenizer tokenizer.json]`: split the corpus by work, train
/// (or reuse) a tokenizer on the training works, and write both token streams.
/// </summary>
internal static class PrepareCommand
{
    public static int Run(Options o)
    {
        var corpus = CorpusLocator.Find(o.Get("corpus"));
        var outDir = o.Require("out");
        Directory.CreateDirectory(outDir);
        var split = CorpusSplit.Create(CorpusManifest.Load(corpus));
        File.WriteAllText(Path.Combine(outDir, PreparedData.ValidationListFile), split.DescribeValidation());
        var trainDocs = split.Train.Select(w => CorpusManifest.ReadText(corpus, w)).ToList();
        var valDocs = split.Validation.Select(w => CorpusManifest.ReadText(corpus, w)).ToList();
        Console.WriteLine($"works: {split.Train.Count} train, {split.Validation.Count} validation");

        var sw = Stopwatch.StartNew();
        BpeVocabulary vocab;
        if (o.Get("tokenizer") is { } tokenizerPath)
        {
            vocab = BpeVocabulary.FromJson(File.ReadAllText(tokenizerPath));
            File.Copy(tokenizerPath, Path.Combine(outDir, PreparedData.TokenizerFile), overwrite: true);
        }
        else
        {
            vocab = BpeTrainer.Train(WordCounter.Count(trainDocs), o.Int("vocab", 8000), o.Int("min-char-frequency", 5));
            File.WriteAllText(Path.Combine(outDir, PreparedData.TokenizerFile), vocab.ToJson());
            Console.WriteLine($"tokenizer: {vocab.Tokens.Count} tokens, {vocab.Merges.Count} merges in {sw.Elapsed.TotalSeconds:F1}s");
        }

        // A given tokenizer (e.g. KoGPT2's for fine-tuning) is applied by the app's own HfTokenizer, so
        // training sees exactly the ids inference will produce; our own BPE uses the fast trainer-side encoder.
        var encoder = new BpeEncoder(vocab);
        Func<string, IReadOnlyList<int>> encode = o.Get("tokenizer") is { } given ? HfTokenizer.Load(given).Encode : encoder.Encode;
        var eos = o.Int("eos-id", vocab.Tokens.ToList().IndexOf("</s>"));
        var train = DocumentStream.Encode(trainDocs, encode, eos);
        var val = DocumentStream.Encode(valDocs, encode, eos);
        TokenFile.Write(Path.Combine(outDir, PreparedData.TrainFile), train);
        TokenFile.Write(Path.Combine(outDir, PreparedData.ValidationFile), val);
        var data = new PreparedData(trainDocs.Sum(d => (long)d.Length), valDocs.Sum(d => (long)d.Length), train.Count, val.Count, vocab.Tokens.Count);
        data.Save(outDir);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tokens: train {train.Count:N0} ({data.TrainChars / (double)train.Count:F3} chars/token), validation {val.Count:N0} ({data.ValidationChars / (double)val.Count:F3} chars/token), unk {train.Count(t => t == encoder.UnkId) + val.Count(t => t == encoder.UnkId)}; {sw.Elapsed.TotalSeconds:F1}s"));
        return 0;
    }
}
