using System.Text.Json;

namespace RelayNovel.Web.OpenAi;

/// <summary>One chat message; <see cref="Content"/> is a string or an array of parts (only text parts are used).</summary>
public sealed class ChatRequestMessage
{
    public string? Role { get; set; }

    public JsonElement? Content { get; set; }
}
