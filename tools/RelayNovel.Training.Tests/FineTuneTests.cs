using RelayNovel.Inference.Checkpoints;
using RelayNovel.Training.Export;

namespace RelayNovel.Training.Tests;

public sealed class FineTuneTests
{
    [Fact]
    public void InitFrom_TinyHfCheckpoint_StartsFromItsWeightsAndKeepsLearning()
    {
        using var run = new TinyRun();
        string hf = Path.Combine(run.Dir, "pretrained"), tokenizer = Path.Combine(run.Dir, "tokenizer.json");
        File.WriteAllText(tokenizer, "{}");
        float pretrainedLoss;
        using (var pre = run.NewTrainer(TinyRun.Options(30)))
        {
            pre.Run();
            pretrainedLoss = (float)pre.Validate().Loss;
            HfExport.Write(hf, pre.Model, tokenizer);
        }

        using var fineTune = new TinyRun();
        var config = HfExport.ReadConfig(hf);
        using var trainer = fineTune.NewTrainer(TinyRun.Options(10) with { InitFrom = hf }, config);
        var (fresh, _) = trainer.Validate();
        ModelWeights.Load(trainer.Model, HfCheckpoint.Load(hf).Weights);
        var (initialised, _) = trainer.Validate();
        trainer.Run();
        var (after, _) = trainer.Validate();

        Assert.Equal(pretrainedLoss, initialised, 4);
        Assert.True(initialised < fresh * 0.8, $"random {fresh:F3}, from checkpoint {initialised:F3}");
        Assert.True(after <= initialised + 0.05, $"fine-tuning went from {initialised:F3} to {after:F3}");
    }
}
