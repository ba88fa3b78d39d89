using RelayNovel.Training.Model;
using RelayNovel.Training.Training;

namespace RelayNovel.Training.Tests;

/// <summary>A tiny model and token stream so trainer tests run in seconds.</summary>
internal sealed class TinyRun : IDisposable
{
    public TinyRun()
    {
        Directory.CreateDirectory(Dir);
    }

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "relaynovel-train-tests", Guid.NewGuid().ToString("N"));

    public static ModelConfig Config => new(VocabSize: 40, NPositions: 16, NEmbd: 32, NLayer: 2, NHead: 4);

    public static TrainOptions Options(int maxSteps) => new()
    {
        Layers = 2, Embd = 32, Heads = 4, Context = 16, Batch = 4, LearningRate = 3e-3, WarmupSteps = 2,
        MaxSteps = maxSteps, Threads = 1, Dropout = 0.0, LogEverySteps = 1000, CheckpointMinutes = 1e6, EvalMinutes = 1e6, EvalMaxTokens = 64,
    };

    /// <summary>A repetitive stream (a short "story" over and over) the model can learn in a few steps.</summary>
    public static int[] Tokens(int length = 600) => [.. Enumerable.Range(0, length).Select(i => 4 + (i * 7 % 13) + (i % 3))];

    public Trainer NewTrainer(TrainOptions options, ModelConfig? config = null) =>
        new(options, config ?? Config, Dir, Tokens(), Tokens(200), 400, _ => { });

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, true);
        }
        catch (IOException)
        {
            // Temp folder; a leftover is harmless.
        }
    }
}
