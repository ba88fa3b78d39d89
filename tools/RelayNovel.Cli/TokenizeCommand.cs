using System.Text.Json;
using System.Text.Json.Nodes;
using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Cli;

/// <summary><c>tokenize --tokenizer PATH</c>: JSON lines <c>{"text": ...}</c> in, <c>{"ids": [...], "decoded": ...}</c> out.</summary>
internal static class TokenizeCommand
{
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var options = CliArguments.Parse(args, ["tokenizer"], []);
        var path = options.Required("tokenizer");
        if (Directory.Exists(path))
        {
            path = Path.Combine(path, "tokenizer.json");
        }

        var tokenizer = HfTokenizer.Load(path);
        var lineNumber = 0;
        while (stdin.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var text = ReadText(line);
            if (text is null)
            {
                stderr.WriteLine($"relaynovel tokenize: line {lineNumber} is not a JSON object with a string \"text\": {Shorten(line)}");
                return CliApp.Failed;
            }

            var ids = tokenizer.Encode(text);
            stdout.WriteLine(JsonSerializer.Serialize(new TokenizeResult(ids, tokenizer.Decode(ids)), CliJson.Options));
        }

        stdout.Flush();
        return CliApp.Ok;
    }

    private static string? ReadText(string line)
    {
        try
        {
            return JsonNode.Parse(line) is JsonObject obj && obj["text"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "...";

    private sealed record TokenizeResult(IReadOnlyList<int> Ids, string Decoded);
}
