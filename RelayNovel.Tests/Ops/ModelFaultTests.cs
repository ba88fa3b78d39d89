using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using RelayNovel.Inference.Checkpoints;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Ops;

/// <summary>
/// A broken model folder must not take the app down: rooms serve human writers, the room page says why the AI is
/// unavailable, the reason is logged, and /health reports Degraded (still ready).
/// </summary>
public sealed class ModelFaultTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public static TheoryData<string, string> Faults => new()
    {
        { "missing", "does not exist" },
        { "corrupt-onnx", "corrupt or not an ONNX model" },
        { "tokenizer-larger-than-model", "do not belong together" },
        { "config-vocab-not-the-model's", "logits have shape" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task App_BrokenModelFolder_ServesHumanWritingShowsWhyAndReportsDegraded(string fault, string reason)
    {
        await using var app = OpsApp.Start(MakeBrokenModel(fault));

        var health = await app.HealthAsync();
        var ready = await app.Client.GetAsync("/health/ready");
        var (id, _) = await app.CreateRoomAsync("human", "ai");
        var key = await app.JoinAsync(id, "민지");
        var turn = await app.SubmitAsync(id, key, "기차가 멈췄다.");
        var page = await app.Client.GetStringAsync($"/rooms/{id}");

        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("ready").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var model = health.GetProperty("model");
        Assert.Equal("unavailable", model.GetProperty("state").GetString());
        Assert.Contains(reason, model.GetProperty("unavailableReason").GetString());
        Assert.Equal(HttpStatusCode.Created, turn.StatusCode);
        Assert.Contains("기차가 멈췄다.", (await app.RoomAsync(id)).GetProperty("turns")[0].GetProperty("text").GetString());
        Assert.Contains("data-testid=\"ai-unavailable-banner\"", page);
        Assert.Contains(reason, WebUtility.HtmlDecode(page));
        Assert.Contains(app.Logs.Entries, e => e.Level >= LogLevel.Warning && e.Text.Contains(reason));
    }

    private string MakeBrokenModel(string fault)
    {
        var dir = Path.Combine(_temp.Path, fault);
        if (fault == "missing")
        {
            return dir;
        }
        RandomModel.Write(dir, TestModels.TinyConfig, seed: 11);
        switch (fault)
        {
            case "corrupt-onnx":
                var bytes = new byte[4096];
                new Random(5).NextBytes(bytes);
                File.WriteAllBytes(Path.Combine(dir, "model.onnx"), bytes);
                break;
            case "tokenizer-larger-than-model":
                // A real tokenizer, but another model's: 1,000 tokens against this model's 400.
                var other = Path.Combine(_temp.Path, "other");
                RandomModel.Write(other, TestModels.TinyConfig with { VocabSize = 1000 }, seed: 12);
                File.Copy(Path.Combine(other, "tokenizer.json"), Path.Combine(dir, "tokenizer.json"), overwrite: true);
                break;
            default:
                // config.json claims a vocabulary the ONNX graph's logits do not have.
                var configPath = Path.Combine(dir, "config.json");
                var config = JsonNode.Parse(File.ReadAllText(configPath))!;
                config["vocab_size"] = 500;
                File.WriteAllText(configPath, config.ToJsonString());
                break;
        }
        return dir;
    }

    public void Dispose() => _temp.Dispose();
}
