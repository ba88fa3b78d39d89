using System.Runtime.InteropServices;
using RelayNovel.Training.Data;
using RelayNovel.Training.Export;
using RelayNovel.Training.Model;
using RelayNovel.Training.Tokenizer;
using RelayNovel.Training.Training;

namespace RelayNovel.Training.Cli;

/// <summary>`train --run RUN …`: trains (or resumes, or fine-tunes with --init-from) and exports RUN/hf.</summary>
internal static class TrainCommand
{
    public static int Run(Options o)
    {
        var run = o.Require("run");
        var data = PreparedData.Load(run);
        var resume = o.Flag("resume") && Directory.Exists(Path.Combine(run, "checkpoint"));
        var options = resume ? RunFolder.LoadOptions(run) : FromCommandLine(o);
        var config = resume ? RunFolder.LoadConfig(run, options.Dropout) : MakeConfig(options, data, run);
        if (data.VocabSize > config.VocabSize || options.Context > config.NPositions)
        {
            throw new ArgumentException($"Data vocab {data.VocabSize} / context {options.Context} exceed the model's {config.VocabSize} / {config.NPositions}.");
        }

        if (!resume)
        {
            RunFolder.SaveOptions(run, options, config);
        }

        using var trainer = new Trainer(options, config, run, TokenFile.Read(Path.Combine(run, PreparedData.TrainFile)),
            TokenFile.Read(Path.Combine(run, PreparedData.ValidationFile)), data.ValidationChars);
        if (resume)
        {
            trainer.TryResume();
        }
        else if (options.InitFrom is { } init)
        {
            ModelWeights.Load(trainer.Model, Inference.Checkpoints.HfCheckpoint.Load(init).Weights);
            Console.WriteLine($"initialised from {init}");
        }

        Console.WriteLine($"model: {trainer.Model.parameters().Sum(p => p.numel()):N0} parameters; train {data.TrainTokens:N0} tokens, validation {data.ValidationTokens:N0}");
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            trainer.RequestStop();
        };
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            trainer.RequestStop();
        });
        trainer.Run();
        var hf = o.Str("export", Path.Combine(run, "hf"));
        HfExport.Write(hf, trainer.Model, RunFolder.Tokenizer(run));
        Console.WriteLine($"exported {hf}");
        return 0;
    }

    private static ModelConfig MakeConfig(TrainOptions o, PreparedData data, string run)
    {
        if (o.InitFrom is { } init)
        {
            return HfExport.ReadConfig(init, o.Dropout);
        }

        var tokens = BpeVocabulary.FromJson(File.ReadAllText(RunFolder.Tokenizer(run))).Tokens.ToList();
        return new ModelConfig(data.VocabSize, o.Context, o.Embd, o.Layers, o.Heads,
            tokens.IndexOf("<s>"), tokens.IndexOf("</s>"), tokens.IndexOf("<pad>"), o.Dropout);
    }

    private static TrainOptions FromCommandLine(Options o)
    {
        var d = new TrainOptions();
        return new TrainOptions
        {
            Layers = o.Int("layers", d.Layers),
            Embd = o.Int("embd", d.Embd),
            Heads = o.Int("heads", d.Heads),
            Context = o.Int("ctx", d.Context),
            Batch = o.Int("batch", d.Batch),
            LearningRate = o.Double("lr", d.LearningRate),
            MinLearningRateRatio = o.Double("min-lr-ratio", d.MinLearningRateRatio),
            WarmupSteps = o.Int("warmup", d.WarmupSteps),
            WeightDecay = o.Double("weight-decay", d.WeightDecay),
            Dropout = o.Double("dropout", d.Dropout),
            Seed = o.Int("seed", d.Seed),
            Threads = o.Int("threads", d.Threads),
            MaxSteps = o.Get("max-steps") is null ? null : o.Int("max-steps", 0),
            BudgetMinutes = o.Double("budget-minutes", d.BudgetMinutes),
            CheckpointMinutes = o.Double("checkpoint-minutes", d.CheckpointMinutes),
            EvalMinutes = o.Double("eval-minutes", d.EvalMinutes),
            EvalMaxTokens = o.Int("eval-max-tokens", d.EvalMaxTokens),
            LogEverySteps = o.Int("log-every", d.LogEverySteps),
            InitFrom = o.Get("init-from"),
        };
    }
}
