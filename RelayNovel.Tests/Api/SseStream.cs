using System.Net.Http.Headers;
using System.Text.Json;

namespace RelayNovel.Tests.Api;

/// <summary>A Server-Sent Events response read line by line: data events as JSON, comment lines counted.</summary>
public sealed class SseStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>The <c>id:</c> of the event <see cref="NextAsync"/> returned last (null: it had none).</summary>
    public string? EventId { get; private set; }

    /// <summary>Comment lines (heartbeats) seen so far.</summary>
    public int Comments { get; private set; }

    /// <summary>Sends the request asking for an event stream and returns once the headers are in.</summary>
    public static async Task<SseStream> OpenAsync(HttpClient client, HttpRequestMessage request)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new SseStream(response, await response.Content.ReadAsStreamAsync());
    }

    public static Task<SseStream> GetAsync(HttpClient client, string url) =>
        OpenAsync(client, new HttpRequestMessage(HttpMethod.Get, url));

    /// <summary>The next data event; throws at the deadline or when the stream ends.</summary>
    public async Task<JsonElement> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        string? id = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cts.Token) ?? throw new EndOfStreamException("The event stream ended.");
            if (line.StartsWith(':'))
            {
                Comments++;
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line["id: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                EventId = id;
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            }
        }
    }

    /// <summary>Reads events until one of <paramref name="type"/> matching <paramref name="match"/>; all seen are kept in <paramref name="seen"/>.</summary>
    public async Task<JsonElement> NextOfTypeAsync(string type, List<JsonElement>? seen = null, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null)
    {
        var end = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var e = await NextAsync(end - DateTime.UtcNow);
            seen?.Add(e);
            if (e.GetProperty("type").GetString() == type && (match is null || match(e)))
            {
                return e;
            }
        }
    }

    /// <summary>Waits for the next comment line (a heartbeat).</summary>
    public async Task NextCommentAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var before = Comments;
        while (Comments == before)
        {
            var line = await _reader.ReadLineAsync(cts.Token) ?? throw new EndOfStreamException("The event stream ended.");
            if (line.StartsWith(':'))
            {
                Comments++;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
