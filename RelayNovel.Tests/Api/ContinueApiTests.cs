using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.Api;

/// <summary><c>POST /api/continue</c> on the tiny random-weight model (a real ONNX model; it writes noise).</summary>
public sealed class ContinueApiTests : IAsyncLifetime
{
    private readonly RelayNovelAppFactory _app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath)
        .Set("RelayNovel:QueueCapacity", "1");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Continue_Json_ReturnsTheTextWhyItEndedItsTokensAndTheModel()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/continue", new { text = "옛날 옛적에", maxTokens = 12, seed = 7 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.InRange(body.GetProperty("tokens").GetInt32(), 1, 12);
        Assert.Contains(body.GetProperty("finishReason").GetString(), new[] { "MaxTokens", "EndOfText" });
        Assert.False(string.IsNullOrEmpty(body.GetProperty("model").GetString()));
        Assert.NotEqual("—", body.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Continue_SameSeedTwice_WritesTheSameText()
    {
        var client = _app.CreateClient();
        var request = new { text = "비가 내렸다", maxTokens = 16, temperature = 1.0, seed = 42 };

        var first = await (await client.PostAsJsonAsync("/api/continue", request)).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await client.PostAsJsonAsync("/api/continue", request)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(first.GetProperty("text").GetString(), second.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Continue_EventStream_TokenEventsAddUpToTheFinalText()
    {
        var json = (await (await _app.CreateClient().PostAsJsonAsync("/api/continue", new { text = "바다", maxTokens = 20, seed = 3 }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString();

        await using var sse = await SseStream.OpenAsync(_app.CreateClient(), Post(new { text = "바다", maxTokens = 20, seed = 3 }));
        var seen = new List<JsonElement>();
        var done = await sse.NextOfTypeAsync("done", seen);

        Assert.Equal("text/event-stream", sse.Response.Content.Headers.ContentType?.MediaType);
        var tokens = seen.Where(e => e.GetProperty("type").GetString() == "token").ToList();
        Assert.NotEmpty(tokens);
        Assert.Equal(done.GetProperty("text").GetString(), string.Concat(tokens.Select(t => t.GetProperty("text").GetString())));
        Assert.Equal(json, done.GetProperty("text").GetString());
        Assert.Equal(tokens.Sum(t => t.GetProperty("tokens").GetInt32()), done.GetProperty("tokens").GetInt32());
    }

    [Fact]
    public async Task Continue_StopString_EndsTheTextJustBeforeIt()
    {
        var client = _app.CreateClient();
        var full = (await (await client.PostAsJsonAsync("/api/continue", new { text = "달빛", maxTokens = 40, seed = 11 }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString()!;
        Assert.True(full.Length >= 6, $"the seeded continuation is too short to cut: '{full}'");
        var stop = full.Substring(full.Length / 2, 2);

        var cut = await (await client.PostAsJsonAsync("/api/continue", new { text = "달빛", maxTokens = 40, seed = 11, stop = new[] { stop } }))
            .Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(full[..full.IndexOf(stop, StringComparison.Ordinal)], cut.GetProperty("text").GetString());
        Assert.Equal("StopString", cut.GetProperty("finishReason").GetString());
    }

    [Theory]
    [InlineData("""{"text":""}""")]
    [InlineData("""{"text":"   "}""")]
    [InlineData("""{"maxTokens":5}""")]
    [InlineData("""{"text":"a","maxTokens":0}""")]
    [InlineData("""{"text":"a","maxTokens":-5}""")]
    [InlineData("""{"text":"a","maxTokens":1000000}""")]
    [InlineData("""{"text":"a","maxTokens":1e30}""")]
    [InlineData("""{"text":"a","temperature":-0.1}""")]
    [InlineData("""{"text":"a","temperature":1e9}""")]
    [InlineData("""{"text":"a","temperature":NaN}""")]
    [InlineData("""{"text":"a","temperature":"NaN"}""")]
    [InlineData("""{"text":"a","topP":0}""")]
    [InlineData("""{"text":"a","topP":1.5}""")]
    [InlineData("""{"text":"a","topK":-1}""")]
    [InlineData("""{"text":"a","repetitionPenalty":0}""")]
    [InlineData("""{"text":"a","stop":[""]}""")]
    [InlineData("""{"text":"a",""")]
    public async Task Continue_BadInput_Returns400ProblemDetails(string json)
    {
        var response = await _app.CreateClient().PostAsync("/api/continue", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Continue_MaxTokensBeyondTheContext_Returns400NamingTheLimit()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/continue", new { text = "a", maxTokens = 256 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("between 1 and 255", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Continue_NoModel_Returns503ProblemSayingWhy()
    {
        await using var app = new RelayNovelAppFactory();

        var response = await app.CreateClient().PostAsJsonAsync("/api/continue", new { text = "옛날 옛적에" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("NoModel", problem.GetProperty("code").GetString());
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("could not be loaded", detail);
        Assert.DoesNotContain(app.ModelPath, detail);   // the reason, never the server's folders
    }

    [Fact]
    public async Task Continue_QueueFull_Returns429WithRetryAfterAndTheOthersStillFinish()
    {
        var queue = _app.Services.GetRequiredService<BatchScheduler>();
        var client = _app.CreateClient();
        var pause = queue.Pause();   // the engine holds at a step boundary: requests wait in line (capacity 1 here)

        var waiting = client.PostAsJsonAsync("/api/continue", new { text = "둘째", maxTokens = 8, seed = 2 });
        await Deadline.UntilAsync(() => queue.Waiting == 1, "the first request to wait in the queue");
        var refused = await client.PostAsJsonAsync("/api/continue", new { text = "셋째", maxTokens = 8, seed = 3 });
        pause.Dispose();
        var served = await waiting;
        var running = client.PostAsJsonAsync("/api/continue", new { text = "첫째", maxTokens = 8, seed = 1 });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("QueueFull", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);   // the line has room again
    }

    [Fact]
    public async Task Continue_ClientDisconnectsAfterTheFirstEvent_GenerationStopsWithinOneToken()
    {
        using var gate = new GenerationGate(_app.Services.GetRequiredService<IMeterFactory>());
        var engine = _app.Services.GetRequiredService<BatchScheduler>();
        IDisposable? pause = null;
        engine.StepObserver = _ => pause ??= engine.Pause();   // the engine holds after its first step, mid-generation
        var sse = await SseStream.OpenAsync(_app.CreateClient(), Post(new { text = "긴 이야기", maxTokens = 200, seed = 5 }));
        await gate.Held;
        var first = await sse.NextOfTypeAsync("token");

        await sse.DisposeAsync();
        await gate.ClientLeftAsync();
        gate.Release();
        pause?.Dispose();
        var (tokens, finish) = await gate.NextFinishedAsync();

        Assert.Equal("Cancelled", finish);
        var shown = first.GetProperty("tokens").GetInt32();
        Assert.InRange(tokens, shown, shown + 1);
        var next = await _app.CreateClient().PostAsJsonAsync("/api/continue", new { text = "다음 손님", maxTokens = 4, seed = 6 });
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    private static HttpRequestMessage Post(object body) =>
        new(HttpMethod.Post, "/api/continue") { Content = JsonContent.Create(body) };
}
