using System.Net;
using System.Text.Json;

namespace RelayNovel.Soak;

/// <summary>An API response read whole: its status and JSON body (problem details for refusals).</summary>
public sealed record ApiAnswer(HttpStatusCode Status, JsonElement Body, string? ContentType)
{
    /// <summary>The problem's <c>code</c> field, or null for a success or a body that is not problem details.</summary>
    public string? ProblemCode => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("code", out var code) ? code.GetString() : null;

    /// <summary>The problem's <c>detail</c>: the message meant for the user.</summary>
    public string? ProblemDetail => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("detail", out var d) ? d.GetString() : null;

    public static async Task<ApiAnswer> ReadAsync(HttpResponseMessage response, CancellationToken ct = default)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonElement body;
        try
        {
            body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            body = JsonSerializer.SerializeToElement(text);   // not JSON: kept as a string for messages
        }
        return new ApiAnswer(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
    }
}
