using System.Globalization;
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

    /// <summary>One data event without an id.</summary>
    public Task EventAsync<T>(T data, CancellationToken ct) => EventAsync(data, id: null, ct);

    /// <summary>One data event; <paramref name="id"/> (the room's event number) goes out as <c>id:</c>, which a reconnecting client sends back as <c>Last-Event-ID</c>.</summary>
    public Task EventAsync<T>(T data, long? id, CancellationToken ct) =>
        WriteAsync((id is { } n ? "id: " + n.ToString(CultureInfo.InvariantCulture) + "\n" : "")
            + "data: " + JsonSerializer.Serialize(data, _options) + "\n\n", ct);

    public Task CommentAsync(string text, CancellationToken ct) => WriteAsync(": " + text + "\n\n", ct);

    /// <summary>The channel's items as they come (see the other overload), with heartbeats on the system clock.</summary>
    public Task PumpAsync<T>(ChannelReader<T> reader, Func<T, CancellationToken, Task<bool>> write, TimeSpan heartbeat, CancellationToken ct) =>
        PumpAsync(reader.ReadAllAsync(ct), write, heartbeat, TimeProvider.System, ct);

    /// <summary>
    /// Hands items to <paramref name="write"/> as they come (it returns false to stop), and sends a comment whenever none came for
    /// <paramref name="heartbeat"/>. Returns when the items end. The heartbeat's delay is cancelled as soon as an item
    /// wins, so a busy stream does not leave a timer behind per item.
    /// </summary>
    public async Task PumpAsync<T>(IAsyncEnumerable<T> items, Func<T, CancellationToken, Task<bool>> write, TimeSpan heartbeat,
        TimeProvider time, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var source = items.GetAsyncEnumerator(stop.Token);
        var next = source.MoveNextAsync().AsTask();
        try
        {
            while (true)
            {
                if (!next.IsCompleted && !await WaitAsync(next, heartbeat, time, ct).ConfigureAwait(false))
                {
                    await CommentAsync("keep-alive", ct).ConfigureAwait(false);
                    continue;
                }
                if (!await next.ConfigureAwait(false))
                {
                    return;
                }
                if (!await write(source.Current, ct).ConfigureAwait(false))
                {
                    return;
                }
                next = source.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            // An enumerator cannot be disposed while a MoveNext is pending: stop it and let it end first.
            await stop.CancelAsync().ConfigureAwait(false);
            await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await source.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>True when <paramref name="next"/> completed within <paramref name="heartbeat"/>; the delay never outlives the wait.</summary>
    private static async Task<bool> WaitAsync(Task next, TimeSpan heartbeat, TimeProvider time, CancellationToken ct)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var beat = Task.Delay(heartbeat, time, idle.Token);
        var first = await Task.WhenAny(next, beat).ConfigureAwait(false);
        await idle.CancelAsync().ConfigureAwait(false);   // disposes the delay's timer now rather than when it would fire
        ct.ThrowIfCancellationRequested();
        return first == next;
    }

    private async Task WriteAsync(string text, CancellationToken ct)
    {
        await _response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct).ConfigureAwait(false);
        await _response.Body.FlushAsync(ct).ConfigureAwait(false);
    }
}
