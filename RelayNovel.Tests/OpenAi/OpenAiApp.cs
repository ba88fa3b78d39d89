using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.OpenAi;

/// <summary>The real app serving the tiny random-weight model on <c>/v1</c>, shared by a test class.</summary>
public sealed class OpenAiApp : IAsyncLifetime
{
    public RelayNovelAppFactory App { get; } = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>Posts raw JSON (so tests can send what no SDK would) and returns the status and parsed body.</summary>
    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> PostAsync(HttpClient client, string path, string json, CancellationToken ct = default)
    {
        var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return (response, text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text) : null);
    }

    public static async Task<string> ModelIdAsync(HttpClient client) =>
        (string)(await client.GetFromJsonAsync<JsonNode>("/v1/models"))!["data"]![0]!["id"]!;
}
