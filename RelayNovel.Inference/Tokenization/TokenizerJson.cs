using System.Text.Json;

namespace RelayNovel.Inference.Tokenization;

/// <summary>Small helpers shared by the tokenizer.json readers.</summary>
internal static class TokenizerJson
{
    public static IEnumerable<JsonElement> Flatten(JsonElement element, string listName, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new TokenizerFormatException($"\"{where}\" must be an object or null.");
        }

        if (TypeOf(element, where) != "Sequence")
        {
            return [element];
        }

        if (!element.TryGetProperty(listName, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new TokenizerFormatException($"The {where} Sequence has no \"{listName}\" array.");
        }

        return list.EnumerateArray().SelectMany(e => Flatten(e, listName, where)).ToList();
    }

    public static string TypeOf(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw new TokenizerFormatException($"A {where} entry has no \"type\".");
        }

        return type.GetString()!;
    }

    public static bool IsFalse(JsonElement element, string name)
        => element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.False;
}
