using System.Globalization;
using System.Net;
using System.Text.Json;

namespace RelayNovel.Soak;

/// <summary>
/// Reads a room's Server-Sent Events (<c>GET /api/rooms/{id}/events</c>) and records, per event, the time from the
/// server's timestamp (<c>at</c>) to receipt here. The soak and the server share a clock (same machine).
/// </summary>
public sealed class RoomEventListener(HttpClient http, string roomId, SoakErrors errors, LatencyRecorder tokens, LatencyRecorder all)
{
    public int Events { get; private set; }

    /// <summary>Why there were no events (the route is missing, say), or null.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>Listens until <paramref name="ct"/> fires; a stream that breaks is an error and is opened again.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && Unavailable is null && await ListenOnceAsync(ct) is false)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>True when the soak ended the stream; false when it broke.</summary>
    private async Task<bool> ListenOnceAsync(CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/rooms/{roomId}/events");
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                Unavailable = "GET /api/rooms/{id}/events answered 404";
                return true;
            }
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            string? type = null;
            var data = new List<string>();
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (line.Length == 0)
                {
                    Record(type, string.Join('\n', data));
                    (type, data) = (null, []);
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    type = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Add(line[5..].TrimStart());
                }
            }
            if (ct.IsCancellationRequested)
            {
                return true;
            }
            errors.Add($"room {roomId}: the server ended the event stream while the soak was running");
            return false;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return true;   // the soak is over
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            errors.Add($"room {roomId}: event stream failed: {ex.Message}");
            return false;
        }
    }

    private void Record(string? type, string data)
    {
        if (data.Length == 0)
        {
            return;   // a comment or keep-alive
        }
        var received = DateTimeOffset.UtcNow;
        Events++;
        try
        {
            using var json = JsonDocument.Parse(data);
            var root = json.RootElement;
            type ??= root.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (ServerTime(root) is not { } at)
            {
                return;
            }
            var ms = (received - at).TotalMilliseconds;
            all.Add(ms);
            if (type is "token" or "aiProgress")
            {
                tokens.Add(ms);
            }
        }
        catch (JsonException ex)
        {
            errors.Add($"room {roomId}: an event that is not JSON ({ex.Message}): {data[..Math.Min(80, data.Length)]}");
        }
    }

    /// <summary>The event's <c>at</c>: an ISO 8601 time or Unix milliseconds.</summary>
    private static DateTimeOffset? ServerTime(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("at", out var at))
        {
            return null;
        }
        return at.ValueKind switch
        {
            JsonValueKind.Number => DateTimeOffset.FromUnixTimeMilliseconds(at.GetInt64()),
            JsonValueKind.String when DateTimeOffset.TryParse(at.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) => t,
            _ => null,
        };
    }
}
