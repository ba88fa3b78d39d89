using System.Globalization;
using System.Text.RegularExpressions;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Ops;

/// <summary>/metrics in Prometheus text: what an operator graphs (tokens/s, time to first token, queue, circuits, rooms).</summary>
[Collection(ProcessWideMetricsCollection.Name)]
public sealed partial class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterAnAiTurnStarts_ReportTokensTimeToFirstTokenAndTheConfiguredQueue()
    {
        await using var app = OpsApp.Start(TestModels.TinyModelPath, ("RelayNovel:QueueCapacity", "7"));
        var (id, _) = await app.CreateRoomAsync("human", "ai");
        var key = await app.JoinAsync(id, "민지");
        (await app.SubmitAsync(id, key, "기차가 멈췄다.")).EnsureSuccessStatusCode();   // the baton passes to the AI

        var text = "";
        await Deadline.UntilAsync(() =>
        {
            text = app.Client.GetStringAsync("/metrics").GetAwaiter().GetResult();
            return Value(text, "relaynovel_ai_tokens_total") > 0 && Value(text, "relaynovel_ai_time_to_first_token_seconds_count") > 0;
        }, "tokens and a first-token time in /metrics");

        Assert.Equal(7, Value(text, "relaynovel_queue_capacity"));
        Assert.True(Value(text, "relaynovel_queue_length") >= 0);
        Assert.True(Value(text, "relaynovel_circuits_connected") >= 0);
        Assert.True(Value(text, "relaynovel_rooms_active") >= 0);
        Assert.Contains("# TYPE relaynovel_ai_time_to_first_token_seconds histogram", text);
        Assert.Contains("# TYPE relaynovel_ai_tokens_total counter", text);
    }

    /// <summary>The sum of a metric's samples (all label sets); -1 when the metric is absent.</summary>
    internal static double Value(string exposition, string metric)
    {
        var samples = SampleLine().Matches(exposition).Where(m => m.Groups["name"].Value == metric).ToList();
        return samples.Count == 0 ? -1 : samples.Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (?<value>[-+0-9.eE]+|NaN)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
