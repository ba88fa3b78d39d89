using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Api;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.Rooms.Backends;
using RelayNovel.Web.Rooms.Generation;

namespace RelayNovel.Tests.Cluster;

/// <summary><c>RelayNovel:Cluster:Role</c> on the real app: checked at start; "web" loads no model, says why the AI is away and refuses the model API.</summary>
public sealed class InferenceRoleTests
{
    [Fact]
    public void Role_UnknownValue_StopsTheAppAtStartNamingTheRoles()
    {
        using var app = new RelayNovelAppFactory().Set(NodeRoles.Key, "gpu");

        var error = Record.Exception(() => app.Services);

        var root = error is AggregateException { InnerException: { } inner } ? inner : error;
        var refused = Assert.IsType<InvalidOperationException>(root);
        Assert.Contains("RelayNovel:Cluster:Role is 'gpu'", refused.Message);
        Assert.Contains("'all'", refused.Message);
        Assert.Contains("'web'", refused.Message);
        Assert.Contains("'inference'", refused.Message);
    }

    [Fact]
    public async Task Role_WebWithoutInferenceNode_LoadsNoModelAndReportsTheAiUnavailable()
    {
        using var app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath).Set(NodeRoles.Key, "Web");
        using var client = app.CreateClient();

        var health = await client.GetStringAsync(new Uri("/health", UriKind.Relative));

        var engine = app.Services.GetRequiredService<IGenerationEngine>();
        Assert.IsType<RemoteGenerationEngine>(engine);
        Assert.Equal(InferenceCatalog.NoNodeReason, engine.UnavailableReason);
        Assert.Contains("No inference node is running", health);
        Assert.False(app.Services.GetRequiredService<LocalOnnxBackend>().IsLoaded);   // a model folder is there, and stays unread
    }

    [Fact]
    public async Task Role_Web_RefusesTheModelApiAtOnceWith503AndLoadsNoModel()
    {
        using var app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath).Set(NodeRoles.Key, "web");
        using var client = app.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);   // before the fix a web node queued these in an engine nobody runs

        var completion = await client.PostAsJsonAsync("/v1/completions", new { prompt = "비가 내렸다.", max_tokens = 4 });
        var chat = await client.PostAsJsonAsync("/v1/chat/completions", new { messages = new[] { new { role = "user", content = "안녕" } } });
        var models = await client.GetAsync(new Uri("/v1/models", UriKind.Relative));
        var continued = await client.PostAsJsonAsync("/api/continue", new { text = "비가 내렸다.", maxTokens = 4 });

        foreach (var answer in new[] { completion, chat, models })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            var error = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
            Assert.Equal("model_not_on_this_node", error.GetProperty("code").GetString());
            Assert.Equal(ModelApiNode.Refusal, error.GetProperty("message").GetString());
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, continued.StatusCode);
        Assert.Equal("application/problem+json", continued.Content.Headers.ContentType?.MediaType);
        var problem = await continued.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ModelApiNode.Refusal, problem.GetProperty("detail").GetString());
        Assert.Equal("NotOnThisNode", problem.GetProperty("code").GetString());
        Assert.False(app.Services.GetRequiredService<LocalOnnxBackend>().IsLoaded);
    }

    [Fact]
    public async Task Metrics_EngineNode_ReportsTheInferenceStreamsItServes()
    {
        using var app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);
        using var client = app.CreateClient();

        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(0, Ops.MetricsEndpointTests.Value(text, "relaynovel_inference_streams"));   // none served yet; -1 = absent
    }

    [Fact]
    public void Role_Default_IsTheSingleProcessWithItsLocalEngine()
    {
        using var app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);

        Assert.IsType<Web.Rooms.AiModel>(app.Services.GetRequiredService<IGenerationEngine>());
        Assert.Equal(NodeRole.All, NodeRoles.Of(app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()));
    }
}
