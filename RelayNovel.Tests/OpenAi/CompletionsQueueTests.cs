using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.OpenAi;

namespace RelayNovel.Tests.OpenAi;

/// <summary>API completions wait in the rooms' batch engine: refused when it is full, removed when the client leaves.</summary>
public sealed class CompletionsQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string Request = """{"prompt":"비가 온다.","max_tokens":8,"seed":1}""";

    [Fact]
    public async Task Completions_WhenTheQueueIsFull_Answers429WithRetryAfterAndServesTheWaitingOneLater()
    {
        await using var app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath).Set("RelayNovel:QueueCapacity", "1");
        var client = app.CreateClient();
        var queue = app.Services.GetRequiredService<BatchScheduler>();
        var release = queue.Pause();

        var waiting = OpenAiApp.PostAsync(client, "/v1/completions", Request);
        await Deadline.UntilAsync(() => queue.Waiting == 1, "the first request to wait in the queue");
        var (refused, error) = await OpenAiApp.PostAsync(client, "/v1/completions", Request);
        release.Dispose();
        var (served, body) = await waiting.WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("rate_limit_exceeded", (string)error!["error"]!["code"]!);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After tells the client when to come back");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.NotEmpty((string)body!["choices"]![0]!["text"]!);
    }

    [Fact]
    public async Task Completions_ClientLeavesWhileQueued_ItsPlaceIsFreed()
    {
        await using var app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);
        var client = app.CreateClient();
        var queue = app.Services.GetRequiredService<BatchScheduler>();
        var release = queue.Pause();
        using var leave = new CancellationTokenSource();

        var abandoned = OpenAiApp.PostAsync(client, "/v1/completions", Request.Replace("}", ""","stream":true}"""), leave.Token);
        await Deadline.UntilAsync(() => queue.Waiting == 1, "the request to wait in the queue");
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);

        await Deadline.UntilAsync(() => queue.Waiting == 0, "the abandoned request to leave the queue");
        release.Dispose();
    }

    [Fact]
    public async Task Completions_ClientLeavesWhileGenerating_TheModelStopsWritingForIt()
    {
        await using var app = RelayNovelAppFactory.WithModel(LongContextModel.Value);
        var client = app.CreateClient();
        var completions = app.Services.GetRequiredService<OpenAiCompletions>();
        var request = $$"""{"prompt":"비가 온다.","max_tokens":{{LongTurn}},"temperature":0,"stream":true}""";
        var (whole, body) = await OpenAiApp.PostAsync(client, "/v1/completions", request.Replace("\"stream\":true", "\"stream\":false"));
        Assert.Equal(LongTurn, (int)body!["usage"]!["completion_tokens"]!);   // left alone, this request writes every token
        var before = completions.GeneratedTokens;

        using (var message = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = new StringContent(request, System.Text.Encoding.UTF8, "application/json") })
        using (var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.StartsWith("data: ", await reader.ReadLineAsync());
        }   // the client hangs up after the first chunk
        await Deadline.UntilAsync(() => completions.GeneratedTokens > before, "the abandoned request to leave the engine");

        Assert.InRange(completions.GeneratedTokens - before, 1, LongTurn - 1);
    }

    [Fact]
    public async Task Completions_WithoutAModel_Answers503AndListsNoModels()
    {
        await using var app = new RelayNovelAppFactory();
        var client = app.CreateClient();

        var (response, error) = await OpenAiApp.PostAsync(client, "/v1/completions", Request);
        var models = await client.GetStringAsync("/v1/models");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(("server_error", "model_not_loaded"), ((string)error!["error"]!["type"]!, (string)error["error"]!["code"]!));
        Assert.Contains("model", (string)error["error"]!["message"]!);
        Assert.Equal("""{"object":"list","data":[]}""", models);
    }

    private const int LongTurn = 1500;

    /// <summary>A random model with a long context, so one request can run long enough to be walked away from.</summary>
    private static readonly Lazy<string> LongContextModel = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), "relaynovel-tests", $"long-context-model-{Environment.ProcessId}");
        RandomModel.Write(dir, TestModels.TinyConfig with { NPositions = 2048, NEmbd = 64 }, seed: 20261126);
        return dir;
    });
}
