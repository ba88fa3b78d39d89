using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RelayNovel.Tests.OpenAi;

/// <summary>
/// A stand-in for a remote OpenAI-compatible server (vLLM, llama.cpp server, OpenAI) on a random loopback port.
/// Why it exists: no real endpoint is reachable from the test machine (no network, no weights of a big model), and
/// what needs checking is our client side of the protocol — the request the AI seat sends (model, key, prompt,
/// sampling) and how the streamed <c>chat.completion.chunk</c> events become room text and replay timings. It answers
/// every request with the same pieces, streamed as OpenAI streams them, and records what it was sent.
/// </summary>
public sealed class ChatStubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(JsonNode Body, string? Authorization)> _requests = new();

    private ChatStubServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The API root to configure, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; }

    public IReadOnlyList<(JsonNode Body, string? Authorization)> Requests => [.. _requests];

    /// <summary>Streams <paramref name="pieces"/> (or answers <paramref name="status"/> with an OpenAI error when it is not 200).</summary>
    public static async Task<ChatStubServer> StartAsync(IReadOnlyList<string> pieces, int status = StatusCodes.Status200OK)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        ChatStubServer? stub = null;
        app.MapPost("/v1/chat/completions", async context =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body))!;
            stub!._requests.Enqueue((body, context.Request.Headers.Authorization.ToString()));
            if (status != StatusCodes.Status200OK)
            {
                context.Response.StatusCode = status;
                await context.Response.WriteAsJsonAsync(new { error = new { message = "Incorrect API key provided.", type = "invalid_request_error", param = (string?)null, code = "invalid_api_key" } });
                return;
            }
            await StreamAsync(context, (string)body["model"]!, pieces);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new ChatStubServer(app, new Uri(address.TrimEnd('/') + "/v1"));
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task StreamAsync(HttpContext context, string model, IReadOnlyList<string> pieces)
    {
        context.Response.ContentType = "text/event-stream";
        async Task SendAsync(object delta, string? finish)
        {
            var chunk = new
            {
                id = "chatcmpl-stub", @object = "chat.completion.chunk", created = 1764000000, model,
                choices = new[] { new { index = 0, delta, finish_reason = finish } },
            };
            await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk)}\n\n", Encoding.UTF8);
            await context.Response.Body.FlushAsync();
        }
        await SendAsync(new { role = "assistant", content = "" }, null);
        foreach (var piece in pieces)
        {
            await Task.Delay(15);   // a remote model writes over time; the replay keeps those gaps
            await SendAsync(new { content = piece }, null);
        }
        await SendAsync(new { }, "stop");
        await context.Response.WriteAsync("data: [DONE]\n\n");
    }
}
