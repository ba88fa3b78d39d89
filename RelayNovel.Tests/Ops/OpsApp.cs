using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Hosting;

namespace RelayNovel.Tests.Ops;

/// <summary>The real app with every log entry captured (all levels), and the room API calls the ops tests make.</summary>
public sealed class OpsApp : IAsyncDisposable
{
    private readonly RelayNovelAppFactory _factory;

    private OpsApp(RelayNovelAppFactory factory)
    {
        _factory = factory;
        App = factory.WithWebHostBuilder(b => b
            .UseSetting("Logging:LogLevel:Default", "Trace")
            .UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace")
            .ConfigureServices(s => s.AddSingleton<ILoggerProvider>(Logs).AddSingleton<IStartupFilter, TestClientAddress>()));
        Client = App.CreateClient();
    }

    public CapturedLogs Logs { get; } = new();

    public WebApplicationFactory<WebAppMarker> App { get; }

    public HttpClient Client { get; }

    /// <summary>A second client of the same app, seen as coming from <paramref name="address"/>.</summary>
    public HttpClient ClientFrom(string address)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return client;
    }

    public string ModelPath => _factory.ModelPath;

    /// <summary>Starts the app with the given model folder (null: none) and settings ("RelayNovel:..." keys).</summary>
    public static OpsApp Start(string? modelPath = null, params (string Key, string Value)[] settings)
    {
        var factory = modelPath is null ? new RelayNovelAppFactory() : RelayNovelAppFactory.WithModel(modelPath);
        foreach (var (key, value) in settings)
        {
            factory.Set(key, value);
        }
        return new OpsApp(factory);
    }

    public async Task<(string Id, string OwnerKey)> CreateRoomAsync(params string[] seatPlan)
    {
        var response = await Client.PostAsJsonAsync("/api/rooms", new { title = "운영 시험 방", premise = "비 오는 밤의 서점", seatPlan, turnTimerSeconds = 0 });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("ownerKey").GetString()!);
    }

    public async Task<string> JoinAsync(string roomId, string name, string? ownerKey = null)
    {
        var response = await Client.PostAsJsonAsync($"/api/rooms/{roomId}/seats", new { name, ownerKey });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantKey").GetString()!;
    }

    public Task<HttpResponseMessage> SubmitAsync(string roomId, string participantKey, string text) =>
        Client.PostAsJsonAsync($"/api/rooms/{roomId}/turns", new { participantKey, text });

    public async Task<JsonElement> RoomAsync(string roomId) => await Client.GetFromJsonAsync<JsonElement>($"/api/rooms/{roomId}");

    public async Task<JsonElement> HealthAsync(string path = "/health") => await Client.GetFromJsonAsync<JsonElement>(path);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await _factory.DisposeAsync();
    }
}
