using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.Rooms.Backends;
using RelayNovel.Web.Rooms.Generation;

namespace RelayNovel.Tests.Cluster;

/// <summary><c>RelayNovel:Cluster:Role</c> on the real app: checked at start; "web" loads no model and says why the AI is away.</summary>
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
