using System.Text.Json;
using System.Text.Json.Serialization;

namespace RelayNovel.Tests.Tokenization;

/// <summary>One line of shared/kogpt2/vectors.jsonl: HF tokenizers' ids and decoded text for a text.</summary>
internal sealed record ReferenceVector(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("ids")] int[] Ids,
    [property: JsonPropertyName("tokens")] string[] Tokens,
    [property: JsonPropertyName("decoded")] string Decoded)
{
    public const string VectorsPath = "kogpt2/vectors.jsonl";
    public const string TokenizerPath = "kogpt2/tokenizer.json";

    public static IReadOnlyList<ReferenceVector> LoadAll()
    {
        var path = SharedData.Find(VectorsPath) ?? throw new FileNotFoundException("Reference vectors not found.", VectorsPath);
        return File.ReadLines(path)
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<ReferenceVector>(line) ?? throw new InvalidDataException($"Bad vector line: {line}"))
            .ToList();
    }
}
