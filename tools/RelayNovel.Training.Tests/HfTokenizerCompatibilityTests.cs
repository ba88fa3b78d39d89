using RelayNovel.Inference.Tokenization;
using RelayNovel.Training.Data;
using RelayNovel.Training.Tokenizer;

namespace RelayNovel.Training.Tests;

/// <summary>The ids the trainer feeds the model must be the ids the app's tokenizer produces.</summary>
public sealed class HfTokenizerCompatibilityTests
{
    [CorpusFact]
    public void TrainedTokenizer_EncodesAValidationWorkLikeHfTokenizer()
    {
        var corpus = SharedData.Corpus!;
        var split = CorpusSplit.Create(CorpusManifest.Load(corpus));
        var trainDocs = split.Train.Where(w => w.Source == "boddari_fairytales").Select(w => CorpusManifest.ReadText(corpus, w));
        var vocab = BpeTrainer.Train(WordCounter.Count(trainDocs), 3000);
        var excerpt = CorpusManifest.ReadText(corpus, split.Validation.First(w => w.Source == "koconovel"))[..3000];

        var hf = HfTokenizer.FromJson(vocab.ToJson());
        var ours = new BpeEncoder(vocab).Encode(excerpt);

        Assert.Equal(hf.Encode(excerpt), ours);
    }

    [ShippedTokenizerFact]
    public void ShippedTokenizer_EncodesTheHeldOutWorksLikeHfTokenizer()
    {
        var repoOnnx = ShippedTokenizerFactAttribute.TokenizerPath!;
        var corpus = SharedData.Corpus!;
        var split = CorpusSplit.Create(CorpusManifest.Load(corpus));
        var hf = HfTokenizer.Load(repoOnnx);
        var ours = new BpeEncoder(BpeVocabulary.FromJson(File.ReadAllText(repoOnnx)));

        foreach (var work in split.Validation)
        {
            var text = CorpusManifest.ReadText(corpus, work);
            Assert.Equal(hf.Encode(text), ours.Encode(text));
        }
    }
}
