namespace RelayNovel.Training.Training;

/// <summary>Everything a training run depends on; stored in the run folder so --resume reuses it.</summary>
internal sealed record TrainOptions
{
    public int Layers { get; init; } = 6;
    public int Embd { get; init; } = 256;
    public int Heads { get; init; } = 8;
    public int Context { get; init; } = 256;
    public int Batch { get; init; } = 8;
    public double LearningRate { get; init; } = 8e-4;
    public double MinLearningRateRatio { get; init; } = 0.1;
    public int WarmupSteps { get; init; } = 150;
    public double WeightDecay { get; init; } = 0.1;
    public double Dropout { get; init; } = 0.1;
    public double GradClip { get; init; } = 1.0;
    public int Seed { get; init; } = 1234;
    public int Threads { get; init; } = 2;

    /// <summary>Cosine progress by steps when set (tests, reproducible runs); else by elapsed/budget.</summary>
    public int? MaxSteps { get; init; }
    public double BudgetMinutes { get; init; } = 90;
    public double CheckpointMinutes { get; init; } = 5;
    public double EvalMinutes { get; init; } = 10;
    public int EvalMaxTokens { get; init; } = int.MaxValue;
    public int LogEverySteps { get; init; } = 10;
    public string? InitFrom { get; init; }
}
