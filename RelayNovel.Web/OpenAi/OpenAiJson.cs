using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RelayNovel.Web.OpenAi;

/// <summary>OpenAI's wire format: snake_case JSON, and Server-Sent Events of <c>data:</c> lines ending in <c>[DONE]</c>.</summary>
public static class OpenAiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Korean stays readable in curl output; these bodies are JSON for API clients, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly byte[] Done = Encoding.UTF8.GetBytes("data: [DONE]\n\n");

    public static Task WriteAsync(HttpResponse response, int status, object body, CancellationToken ct)
    {
        response.StatusCode = status;
        return response.WriteAsJsonAsync(body, Options, ct);
    }

    public static void StartStream(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";   // reverse proxies must not hold the tokens back
    }

    /// <summary>One event, flushed at once so the client sees each piece as it is written.</summary>
    public static async Task WriteEventAsync(HttpResponse response, object body, CancellationToken ct)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(body, Options);
        var line = new byte[json.Length + 8];
        "data: "u8.CopyTo(line);
        json.CopyTo(line, 6);
        "\n\n"u8.CopyTo(line.AsSpan(6 + json.Length));
        await response.Body.WriteAsync(line, ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }

    public static async Task WriteDoneAsync(HttpResponse response, CancellationToken ct)
    {
        await response.Body.WriteAsync(Done, ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }
}
