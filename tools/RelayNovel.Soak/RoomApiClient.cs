using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RelayNovel.Soak;

/// <summary>The room routes of the HTTP API (DESIGN.md), as a program uses them.</summary>
public sealed class RoomApiClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    /// <summary>A client for <paramref name="baseAddress"/> that allows many parallel requests.</summary>
    public static RoomApiClient For(Uri baseAddress, TimeSpan? timeout = null) => new(new HttpClient(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 1024,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        BaseAddress = baseAddress,
        Timeout = timeout ?? TimeSpan.FromSeconds(60),
    });

    /// <summary>Creates a room from any JSON-able settings object; returns its id and owner key.</summary>
    public async Task<(string Id, string OwnerKey)> CreateRoomAsync(object settings, CancellationToken ct = default)
    {
        var body = await ExpectAsync(await Http.PostAsJsonAsync("api/rooms", settings, ct), HttpStatusCode.Created, ct);
        return (body.GetProperty("id").GetString()!, body.GetProperty("ownerKey").GetString()!);
    }

    public async Task<(int? Seat, string Key)> JoinAsync(string roomId, string name, int? seatIndex = null, CancellationToken ct = default)
    {
        var body = await ExpectAsync(await Http.PostAsJsonAsync($"api/rooms/{roomId}/seats", new { name, seatIndex }, ct),
            HttpStatusCode.Created, ct);
        var seat = body.GetProperty("seatId");
        return (seat.ValueKind == JsonValueKind.Null ? null : seat.GetInt32(), body.GetProperty("participantKey").GetString()!);
    }

    /// <summary>Submits a turn; the caller reads the status (201, 409 not your turn, 400 bad input) and body.</summary>
    public async Task<ApiAnswer> SubmitAsync(string roomId, string participantKey, string text, string? submissionId,
        CancellationToken ct = default)
    {
        using var response = await Http.PostAsJsonAsync($"api/rooms/{roomId}/turns", new { participantKey, text, submissionId }, ct);
        return await ApiAnswer.ReadAsync(response, ct);
    }

    /// <summary>Sends the baton holder's draft so far (204; 409 once the baton has moved on).</summary>
    public async Task<ApiAnswer> UpdateDraftAsync(string roomId, string participantKey, string text, CancellationToken ct = default)
    {
        using var response = await Http.PutAsJsonAsync($"api/rooms/{roomId}/draft", new { participantKey, text }, ct);
        return await ApiAnswer.ReadAsync(response, ct);
    }

    public async Task<JsonElement> GetRoomAsync(string roomId, CancellationToken ct = default) =>
        await ExpectAsync(await Http.GetAsync($"api/rooms/{roomId}", ct), HttpStatusCode.OK, ct);

    private static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken ct)
    {
        using (response)
        {
            var answer = await ApiAnswer.ReadAsync(response, ct);
            return answer.Status == expected ? answer.Body
                : throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered " +
                    $"{(int)answer.Status}: {answer.Body}", null, answer.Status);
        }
    }
}
