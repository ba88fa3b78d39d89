using RelayNovel.Soak;
using Xunit.Abstractions;

namespace RelayNovel.Tests.Faults;

/// <summary>A short run of the soak tool (tools/RelayNovel.Soak) so CI keeps it working; the long run is done by hand.</summary>
[Collection(FaultsCollection.Name)]
public sealed class SoakSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Soak_TwoRoomsForTwentySeconds_WritersAndTheEmbeddedAiCommitTurnsWithoutErrors()
    {
        var options = new SoakOptions
        {
            Rooms = 2, Participants = 4, Duration = TimeSpan.FromSeconds(20), SampleEvery = TimeSpan.FromSeconds(5),
            MinThink = TimeSpan.FromMilliseconds(300), MaxThink = TimeSpan.FromMilliseconds(900), AiMaxTokens = 24,
        };
        using var log = new StringWriter();

        var report = await new SoakRunner(options, log).RunAsync();

        report.Print(log);
        output.WriteLine(log.ToString());
        Assert.Equal(0, report.Errors);
        Assert.True(report.HumanTurns >= options.Participants, $"every writer should have written at least once, saw {report.HumanTurns}");
        Assert.True(report.AiTurns >= 1, "the AI seat on the embedded model should have written at least one turn");
        Assert.True(report.Memory.Count >= 2, "the server's memory should have been sampled over the run");
    }
}
