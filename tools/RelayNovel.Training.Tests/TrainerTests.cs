using RelayNovel.Training.Training;

namespace RelayNovel.Training.Tests;

public sealed class TrainerTests
{
    [Fact]
    public void Run_FewStepsOnTinyData_LowersTheLoss()
    {
        using var run = new TinyRun();
        using var trainer = run.NewTrainer(TinyRun.Options(40));
        var (before, _) = trainer.Validate();

        trainer.Run();
        var (after, _) = trainer.Validate();

        Assert.True(after < before * 0.6, $"validation loss {before:F3} -> {after:F3}");
    }

    [Fact]
    public void Resume_FromCheckpoint_GivesTheSameNextLossAsAnUninterruptedRun()
    {
        using var straight = new TinyRun();
        using var a = straight.NewTrainer(TinyRun.Options(6));
        a.Run(untilStep: 5);
        var expected = a.Run(untilStep: 6);

        using var interrupted = new TinyRun();
        using (var b = interrupted.NewTrainer(TinyRun.Options(6)))
        {
            b.Run(untilStep: 5); // saves a checkpoint when it stops
        }

        using var c = interrupted.NewTrainer(TinyRun.Options(6));
        Assert.True(c.TryResume());
        Assert.Equal(5, c.State.Step);
        var resumed = c.Run(untilStep: 6);

        Assert.Equal(expected, resumed, 5);
    }

    [Fact]
    public void LrSchedule_WarmsUpThenDecaysToTheFloor()
    {
        var o = TinyRun.Options(100) with { WarmupSteps = 10, LearningRate = 1e-3, MinLearningRateRatio = 0.1 };

        Assert.Equal(1e-4, LrSchedule.At(o, 0, 0), 9);
        Assert.Equal(1e-3, LrSchedule.At(o, 10, 0), 9);
        Assert.True(LrSchedule.At(o, 50, 0) < 1e-3 && LrSchedule.At(o, 50, 0) > 1e-4);
        Assert.Equal(1e-4, LrSchedule.At(o, 100, 0), 9);
    }

    [Fact]
    public void LrSchedule_WithoutStepCount_FollowsTheTimeBudget()
    {
        var o = TinyRun.Options(1) with { MaxSteps = null, BudgetMinutes = 10, WarmupSteps = 0, LearningRate = 1e-3, MinLearningRateRatio = 0.1 };

        Assert.Equal(1e-3, LrSchedule.At(o, 5, 0), 9);
        Assert.Equal(0.55e-3, LrSchedule.At(o, 5, 300), 9);
        Assert.Equal(1e-4, LrSchedule.At(o, 5, 600), 9);
    }
}
