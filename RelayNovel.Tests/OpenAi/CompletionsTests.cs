using System.Net;
using System.Text.Json.Nodes;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.OpenAi;

/// <summary><c>/v1/models</c> and <c>/v1/completions</c> over raw HTTP: the wire format other tools parse.</summary>
public sealed class CompletionsTests(OpenAiApp fixture) : IClassFixture<OpenAiApp>
{
    private readonly HttpClient _client = fixture.App.CreateClient();

    [Fact]
    public async Task Models_List_NamesTheLoadedModelWithItsContext()
    {
        var body = JsonNode.Parse(await _client.GetStringAsync("/v1/models"))!;

        Assert.Equal("list", (string)body["object"]!);
        var model = Assert.Single(body["data"]!.AsArray())!;
        Assert.Equal("model", (string)model["object"]!);
        Assert.Matches("^[a-z0-9._-]+$", (string)model["id"]!);
        Assert.Equal(TestModels.TinyConfig.NPositions, (int)model["max_model_len"]!);
        var single = JsonNode.Parse(await _client.GetStringAsync($"/v1/models/{model["id"]}"))!;
        Assert.Equal((string)model["id"]!, (string)single["id"]!);
    }

    [Fact]
    public async Task Completions_WithSeed_AnswersTheSameTextTwiceWithUsage()
    {
        var model = await OpenAiApp.ModelIdAsync(_client);
        var request = $$"""{"model":"{{model}}","prompt":"꽃이 피었다.","max_tokens":12,"temperature":0.9,"seed":42}""";

        var (first, a) = await OpenAiApp.PostAsync(_client, "/v1/completions", request);
        var (_, b) = await OpenAiApp.PostAsync(_client, "/v1/completions", request);
        var (_, other) = await OpenAiApp.PostAsync(_client, "/v1/completions", request.Replace("\"seed\":42", "\"seed\":43"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text_completion", (string)a!["object"]!);
        Assert.StartsWith("cmpl-", (string)a["id"]!);
        Assert.Equal(model, (string)a["model"]!);
        var text = (string)a["choices"]![0]!["text"]!;
        Assert.NotEmpty(text);
        Assert.Equal(text, (string)b!["choices"]![0]!["text"]!);
        Assert.NotEqual(text, (string)other!["choices"]![0]!["text"]!);
        Assert.Contains((string)a["choices"]![0]!["finish_reason"]!, new[] { "stop", "length" });
        var usage = a["usage"]!;
        Assert.InRange((int)usage["completion_tokens"]!, 1, 12);
        Assert.True((int)usage["prompt_tokens"]! > 0);
        Assert.Equal((int)usage["prompt_tokens"]! + (int)usage["completion_tokens"]!, (int)usage["total_tokens"]!);
    }

    [Fact]
    public async Task Completions_Stream_SendsTextCompletionChunksThenUsageThenDone()
    {
        const string Request = """{"prompt":["바람이 분다."],"max_tokens":16,"seed":5,"stream":true,"stream_options":{"include_usage":true}}""";

        var response = await _client.PostAsync("/v1/completions", new StringContent(Request, System.Text.Encoding.UTF8, "application/json"));
        var lines = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        var (_, whole) = await OpenAiApp.PostAsync(_client, "/v1/completions", Request.Replace("\"stream\":true", "\"stream\":false"));

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.All(lines, l => Assert.StartsWith("data: ", l));
        Assert.Equal("data: [DONE]", lines[^1]);
        var chunks = lines[..^1].Select(l => JsonNode.Parse(l["data: ".Length..])!).ToList();
        Assert.All(chunks, c => Assert.Equal("text_completion", (string)c["object"]!));
        Assert.Single(chunks.Select(c => (string)c["id"]!).Distinct());
        var withChoices = chunks.Where(c => c["choices"]!.AsArray().Count == 1).ToList();
        Assert.True(withChoices.Count >= 3, "text should arrive in several chunks");
        Assert.All(withChoices[..^1], c => Assert.Null(c["choices"]![0]!["finish_reason"]));
        Assert.Equal((string)whole!["choices"]![0]!["finish_reason"]!, (string)withChoices[^1]["choices"]![0]!["finish_reason"]!);
        var streamed = string.Concat(withChoices.Select(c => (string)c["choices"]![0]!["text"]!));
        Assert.Equal((string)whole["choices"]![0]!["text"]!, streamed);
        var usage = chunks[^1];
        Assert.Empty(usage["choices"]!.AsArray());
        Assert.Equal((int)whole["usage"]!["completion_tokens"]!, (int)usage["usage"]!["completion_tokens"]!);
    }

    [Fact]
    public async Task Completions_Stop_EndsJustBeforeTheStopSequence()
    {
        const string Request = """{"prompt":"눈이 온다.","max_tokens":40,"temperature":1,"seed":9}""";
        var (_, free) = await OpenAiApp.PostAsync(_client, "/v1/completions", Request);
        var full = (string)free!["choices"]![0]!["text"]!;
        var at = Enumerable.Range(full.Length / 2, full.Length - full.Length / 2).First(i => !char.IsWhiteSpace(full[i]));
        var stop = full[at].ToString();

        var (_, stopped) = await OpenAiApp.PostAsync(_client, "/v1/completions", Request.Replace("}", $$""","stop":["{{stop}}", "\n\n\n"]}"""));

        Assert.Equal(full[..full.IndexOf(stop, StringComparison.Ordinal)], (string)stopped!["choices"]![0]!["text"]!);
        Assert.Equal("stop", (string)stopped["choices"]![0]!["finish_reason"]!);
    }

    [Theory]
    [InlineData("""{"prompt":"a","n":2}""", "n", null)]
    [InlineData("""{"prompt":["a","b"]}""", "prompt", null)]
    [InlineData("""{"max_tokens":5}""", "prompt", null)]
    [InlineData("""{"prompt":"a","temperature":3}""", "temperature", null)]
    [InlineData("""{"prompt":"a","top_p":0}""", "top_p", null)]
    [InlineData("""{"prompt":"a","stop":["1","2","3","4","5","6","7","8","9","10","11","12","13","14","15","16","17"]}""", "stop", null)]
    [InlineData("""{"prompt":"a","stop":7}""", "stop", null)]
    [InlineData("""{"prompt":"a","echo":true}""", "echo", null)]
    [InlineData("""{"prompt":"a","max_tokens":0}""", "max_tokens", null)]
    [InlineData("""{"prompt":"a","max_tokens":""", null, "invalid_json")]
    public async Task Completions_BadInput_AnswersAnOpenAiInvalidRequestError(string body, string? param, string? code)
    {
        var (response, error) = await OpenAiApp.PostAsync(_client, "/v1/completions", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", (string)error!["error"]!["type"]!);
        Assert.False(string.IsNullOrWhiteSpace((string)error["error"]!["message"]!));
        if (param is not null)
        {
            Assert.Equal(param, (string)error["error"]!["param"]!);
        }
        Assert.Equal(code, (string?)error["error"]!["code"]);
    }

    [Fact]
    public async Task Completions_UnknownModelOrRoute_Answers404InOpenAiShape()
    {
        var (model, modelError) = await OpenAiApp.PostAsync(_client, "/v1/completions", """{"model":"gpt-4","prompt":"a"}""");
        var route = await _client.GetAsync("/v1/embeddings");
        var routeError = JsonNode.Parse(await route.Content.ReadAsStringAsync())!;

        Assert.Equal((HttpStatusCode.NotFound, "model_not_found"), (model.StatusCode, (string)modelError!["error"]!["code"]!));
        Assert.Contains(await OpenAiApp.ModelIdAsync(_client), (string)modelError["error"]!["message"]!);
        Assert.Equal((HttpStatusCode.NotFound, "unknown_url"), (route.StatusCode, (string)routeError["error"]!["code"]!));
    }

    [Fact]
    public async Task Completions_MaxTokensBeyondTheContext_IsCutToWhatFitsAndSaysLength()
    {
        var (response, body) = await OpenAiApp.PostAsync(_client, "/v1/completions", """{"prompt":"꽃","max_tokens":4000,"temperature":0,"seed":3}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var usage = body!["usage"]!;
        Assert.Equal(TestModels.TinyConfig.NPositions, (int)usage["total_tokens"]!);
        Assert.Equal("length", (string)body["choices"]![0]!["finish_reason"]!);
    }

    [Theory]
    [InlineData("/v1/completions", "prompt")]
    [InlineData("/v1/chat/completions", "messages")]
    public async Task Completions_PromptOfMoreCharactersThanAccepted_IsRefusedNamingTheLimit(string route, string param)
    {
        var prompt = new string('가', 200_000);
        var body = param == "prompt" ? $$"""{"prompt":"{{prompt}}"}""" : $$"""{"messages":[{"role":"user","content":"{{prompt}}"}]}""";

        var (response, error) = await OpenAiApp.PostAsync(_client, route, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal((param, "context_length_exceeded"), ((string)error!["error"]!["param"]!, (string)error["error"]!["code"]!));
        Assert.Contains("200000 characters; at most 20000 are accepted", (string)error["error"]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completions_PromptFillingTheContext_AnswersContextLengthExceeded()
    {
        var prompt = string.Concat(Enumerable.Repeat("가 나 다 ", TestModels.TinyConfig.NPositions));

        var (response, error) = await OpenAiApp.PostAsync(_client, "/v1/completions", $$"""{"prompt":"{{prompt}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("prompt", "context_length_exceeded"), ((string)error!["error"]!["param"]!, (string)error["error"]!["code"]!));
        Assert.Contains(TestModels.TinyConfig.NPositions.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)error["error"]!["message"]!);
    }

    [Fact]
    public async Task Completions_SeedMinusOne_DrawsAFreshSeedEachTime()
    {
        const string Request = """{"prompt":"꽃이 피었다.","max_tokens":24,"temperature":1,"seed":-1}""";

        var texts = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            var (_, body) = await OpenAiApp.PostAsync(_client, "/v1/completions", Request);
            texts.Add((string)body!["choices"]![0]!["text"]!);
        }

        Assert.True(texts.Count > 1, "seed -1 (SillyTavern's \"random\") must not pin one answer");
    }
}
