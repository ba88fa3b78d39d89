using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Features;

namespace RelayNovel.Web.Api;

/// <summary>
/// Writes a <c>text/event-stream</c> response: unnamed events whose <c>data</c> is one line of JSON (the type is
/// inside it, so a browser's <c>EventSource.onmessage</c> sees every event), and comment lines as heartbeats.
/// </summary>
public sealed class ServerSentEvents
{
    public const string ContentType = "text/event-stream";

    private readonly HttpResponse _response;
    private readonly JsonSerializerOptions _options;

    private ServerSentEvents(HttpResponse response, JsonSerializerOptions options)
    {
        _response = response;
        _options = options;
    }

    /// <summary>True when the request's Accept header asks for an event stream.</summary>
    public static bool IsWanted(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains(ContentType, StringComparison.OrdinalIgnoreCase));

    /// <summary>Sends the headers at once, so the client knows the stream is open before the first event.</summary>
    public static async Task<ServerSentEvents> StartAsync(HttpContext context, JsonSerializerOptions options)
    {
        var response = context.Response;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";   // nginx: pass events through as they come
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        return new ServerSentEvents(response, options);
    }

    public Task EventAsync<T>(T data, CancellationToken ct) =>
        WriteAsync("data: " + JsonSerializer.Serialize(data, _options) + "\n\n", ct);

    public Task CommentAsync(string text, CancellationToken ct) => WriteAsync(": " + text + "\n\n", ct);

    /// <summary>
    /// Hands items to <paramref name="write"/> as they come (it returns false to stop), and sends a comment whenever
    /// none came for <paramref name="heartbeat"/>. Returns when the channel completes.
    /// </summary>
    public async Task PumpAsync<T>(ChannelReader<T> reader, Func<T, CancellationToken, Task<bool>> write, TimeSpan heartbeat, CancellationToken ct)
    {
        var ready = reader.WaitToReadAsync(ct).AsTask();
        while (true)
        {
            if (await Task.WhenAny(ready, Task.Delay(heartbeat, ct)).ConfigureAwait(false) != ready)
            {
                ct.ThrowIfCancellationRequested();
                await CommentAsync("keep-alive", ct).ConfigureAwait(false);
                continue;
            }
            if (!await ready.ConfigureAwait(false))
            {
                return;
            }
            while (reader.TryRead(out var item))
            {
                if (!await write(item, ct).ConfigureAwait(false))
                {
                    return;
                }
            }
            ready = reader.WaitToReadAsync(ct).AsTask();
        }
    }

    private async Task WriteAsync(string text, CancellationToken ct)
    {
        await _response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct).ConfigureAwait(false);
        await _response.Body.FlushAsync(ct).ConfigureAwait(false);
    }
}
