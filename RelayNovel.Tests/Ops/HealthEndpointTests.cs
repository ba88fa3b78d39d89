using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.LiteDb;

namespace RelayNovel.Tests.Ops;

/// <summary>/health, /health/live and /health/ready as a container orchestrator reads them.</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Health_WorkingModel_HealthyReadyWithTheModelsNameAndProvider()
    {
        await using var app = OpsApp.Start(TestModels.TinyModelPath);

        var health = await app.HealthAsync();
        var ready = await app.HealthAsync("/health/ready");

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        var model = health.GetProperty("model");
        Assert.Equal("ready", model.GetProperty("state").GetString());
        Assert.NotEqual("—", model.GetProperty("name").GetString());
        Assert.Equal("CPU", model.GetProperty("provider").GetString());
        Assert.Equal("", model.GetProperty("unavailableReason").GetString());
        Assert.Equal(["model", "store"], ready.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task HealthLive_NoModel_AnswersHealthyWithoutRunningChecks()
    {
        await using var app = OpsApp.Start();

        var live = await app.HealthAsync("/health/live");

        Assert.Equal("Healthy", live.GetProperty("status").GetString());
        Assert.True(live.GetProperty("live").GetBoolean());
        Assert.Empty(live.GetProperty("checks").EnumerateArray());
    }

    [Fact]
    public async Task Health_StoryFileUnreadable_UnhealthyAndNotReadySoTheContainerIsRestarted()
    {
        await using var app = OpsApp.Start();
        ((LiteDbStoryStore)app.App.Services.GetRequiredService<IStoryStore>()).Dispose();   // what a lost or locked data volume looks like

        var health = await app.Client.GetAsync("/health");
        var ready = await app.Client.GetAsync("/health/ready");
        var live = await app.Client.GetAsync("/health/live");
        var body = await health.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK),
            (health.StatusCode, ready.StatusCode, live.StatusCode));
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("ready").GetBoolean());
        Assert.Contains(body.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "store" && c.GetProperty("status").GetString() == "Unhealthy");
    }
}
