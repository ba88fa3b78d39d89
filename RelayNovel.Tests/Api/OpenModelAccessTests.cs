using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Tests.Ops;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.OpenAi;

namespace RelayNovel.Tests.Api;

/// <summary>
/// The open model API (<c>/v1</c>, <c>/api/continue</c>) on the tiny model: the operator's API key, JSON bodies only
/// (a cross-site form or text/plain POST must not run the model), and a per-client cap on running and queued generations.
/// </summary>
public sealed class OpenModelAccessTests
{
    private const string Key = "rn-test-key-7f3a";
    private const string Completion = """{"prompt":"비가 온다.","max_tokens":4,"seed":1}""";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task OpenModelApi_ApiKeySet_MissingOrWrongKeyIs401AndTheRightKeyIsServed()
    {
        await using var app = OpsApp.Start(TestModels.TinyModelPath, ("RelayNovel:ApiKey", Key));
        var client = app.Client;

        var models = await client.GetAsync("/v1/models");
        var wrong = await SendAsync(client, "/v1/completions", Completion, "not-the-key");
        var right = await SendAsync(client, "/v1/completions", Completion, Key);
        var continueWithout = await SendAsync(client, "/api/continue", """{"text":"비가 온다.","maxTokens":4}""", key: null);
        var continueRight = await SendAsync(client, "/api/continue", """{"text":"비가 온다.","maxTokens":4}""", Key);
        var room = await client.PostAsJsonAsync("/api/rooms", new { title = "열쇠 없는 방" });   // the rooms' API needs no key

        foreach (var refused in new[] { models, wrong })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
            var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
            Assert.Equal("invalid_api_key", (string)error["code"]!);
            Assert.Equal("invalid_request_error", (string)error["type"]!);
        }
        Assert.Contains("Authorization: Bearer", await models.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, continueWithout.StatusCode);
        Assert.Equal("application/problem+json", continueWithout.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Unauthorized", (await continueWithout.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Created), (right.StatusCode, continueRight.StatusCode, room.StatusCode));
    }

    [Fact]
    public async Task OpenAiSdk_ApiKeySet_ChatsWithTheKeyAndIsRefusedWithAnother()
    {
        await using var app = OpsApp.Start(TestModels.TinyModelPath, ("RelayNovel:ApiKey", Key));
        var model = (string)JsonNode.Parse(await (await SendAsync(app.Client, "/v1/models", null, Key)).Content.ReadAsStringAsync())!["data"]![0]!["id"]!;
        ChatClient Chat(string key) => new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(app.App.Server.BaseAddress, "/v1"),
            Transport = new HttpClientPipelineTransport(app.App.CreateClient()),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        }).GetChatClient(model);
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 8 };

        var answer = await Chat(Key).CompleteChatAsync([new UserChatMessage("비 오는 밤.")], options);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => Chat("sk-wrong").CompleteChatAsync([new UserChatMessage("비 오는 밤.")], options));

        Assert.NotEmpty(answer.Value.Content[0].Text);
        Assert.Equal(401, refused.Status);
    }

    [Theory]
    [InlineData("/v1/completions", "text/plain")]
    [InlineData("/v1/chat/completions", "application/x-www-form-urlencoded")]
    [InlineData("/v1/completions", null)]
    public async Task V1_BodyThatIsNotJson_Refused415AndTheModelNeverRuns(string path, string? contentType)
    {
        // What a page on another site can send without asking the server first (a "simple" cross-site request).
        await using var app = OpsApp.Start(TestModels.TinyModelPath);
        var completions = app.App.Services.GetRequiredService<OpenAiCompletions>();
        var body = path.Contains("chat", StringComparison.Ordinal)
            ? """{"messages":[{"role":"user","content":"비가 온다."}],"max_tokens":4}"""
            : Completion;
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        var response = await app.Client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Contains("application/json", (string)error["message"]!);
        Assert.Equal(0, completions.GeneratedTokens);
    }

    [Fact]
    public async Task Continue_TextPlainBody_Refused415AsAProblem()
    {
        await using var app = OpsApp.Start(TestModels.TinyModelPath);

        var response = await app.Client.PostAsync("/api/continue", new StringContent("""{"text":"비가 온다.","maxTokens":4}""", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Generations_ClientOverItsCap_Refused429WithRetryAfterWhileOthersAreServed()
    {
        const string Greedy = "203.0.113.30", Neighbour = "203.0.113.31";
        await using var app = OpsApp.Start(TestModels.TinyModelPath, ("RelayNovel:GenerationsPerClient", "2"));
        var queue = app.App.Services.GetRequiredService<BatchScheduler>();
        var cap = app.App.Services.GetRequiredService<ClientGenerationCap>();
        var pause = queue.Pause();   // the engine holds at a step boundary, so the API's generations wait in line
        using var greedy = app.ClientFrom(Greedy);
        using var neighbour = app.ClientFrom(Neighbour);

        // Two waiting generations (one streaming, through each route family) are all this client may hold.
        var streaming = SendAsync(greedy, "/v1/completions", Completion.Replace("}", ""","stream":true}""", StringComparison.Ordinal), key: null);
        var continuing = SendAsync(greedy, "/api/continue", """{"text":"비가 온다.","maxTokens":4}""", key: null);
        await Deadline.UntilAsync(() => queue.Waiting == 2, "the client's two generations to wait in the queue");
        var overV1 = await SendAsync(greedy, "/v1/chat/completions", """{"messages":[{"role":"user","content":"비"}],"max_tokens":4}""", key: null);
        var overContinue = await SendAsync(greedy, "/api/continue", """{"text":"비가 온다.","maxTokens":4}""", key: null);
        var other = SendAsync(neighbour, "/v1/completions", Completion, key: null);
        await Deadline.UntilAsync(() => queue.Waiting == 3, "the other client's generation to be queued");
        pause.Dispose();
        var served = await Task.WhenAll(streaming, continuing, other).WaitAsync(Patience);
        await Deadline.UntilAsync(() => cap.HeldBy(IPAddress.Parse(Greedy)) == 0, "the client's places to be given back when its answers ended");
        var again = await SendAsync(greedy, "/v1/completions", Completion, key: null);

        Assert.Equal(HttpStatusCode.TooManyRequests, overV1.StatusCode);
        Assert.Equal("rate_limit_exceeded", (string)JsonNode.Parse(await overV1.Content.ReadAsStringAsync())!["error"]!["code"]!);
        Assert.Equal(HttpStatusCode.TooManyRequests, overContinue.StatusCode);
        Assert.Equal("TooManyGenerations", (await overContinue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.All(new[] { overV1, overContinue }, r => Assert.True(r.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After tells the client when to come back"));
        Assert.All(served, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Contains("data: [DONE]", await served[0].Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string? json, string? key)
    {
        var request = new HttpRequestMessage(json is null ? HttpMethod.Get : HttpMethod.Post, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client.SendAsync(request);
    }
}
