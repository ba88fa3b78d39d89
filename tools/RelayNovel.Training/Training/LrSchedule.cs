namespace RelayNovel.Training.Training;

/// <summary>
/// Linear warm-up over steps, then cosine decay to MinLearningRateRatio·peak. Progress is
/// step/MaxSteps when a step count is given, otherwise elapsed training time / budget, so a
/// wall-clock-limited run reaches the low learning rate exactly when its time is up whatever
/// the machine's speed.
/// </summary>
internal static class LrSchedule
{
    public static double At(TrainOptions o, long step, double elapsedSeconds)
    {
        if (step < o.WarmupSteps)
        {
            return o.LearningRate * (step + 1) / o.WarmupSteps;
        }

        var progress = o.MaxSteps is { } max
            ? (double)(step - o.WarmupSteps) / Math.Max(1, max - o.WarmupSteps)
            : elapsedSeconds / (o.BudgetMinutes * 60);
        progress = Math.Clamp(progress, 0, 1);
        var min = o.LearningRate * o.MinLearningRateRatio;
        return min + (o.LearningRate - min) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
