using System.Text.Encodings.Web;
using System.Text.Json;

namespace RelayNovel.Cli;

/// <summary>JSON as the CLI writes it: one object per line, camelCase, Hangul left readable.</summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
