using System.ClientModel;
using System.Text.Json;

namespace RelayNovel.Web.Rooms.Backends;

/// <summary>Reads the message out of an OpenAI-shaped error answer (<c>{"error":{"message":...}}</c>).</summary>
public static class RemoteError
{
    public const int MaxLength = 300;

    public static string MessageOf(ClientResultException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var body = ex.GetRawResponse()?.Content?.ToString() ?? "";
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return Shorten(message.GetString()!);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, plain text): show its start.
        }
        return body.Length > 0 ? Shorten(body) : "no details were given";
    }

    private static string Shorten(string text) => text.Length <= MaxLength ? text : text[..MaxLength] + "…";
}
