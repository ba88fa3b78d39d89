using System.Text.Json;
using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Training.Tokenizer;

/// <summary>A trained BPE tokenizer: token strings in id order (specials first) and merges by rank.</summary>
internal sealed record BpeVocabulary(IReadOnlyList<string> Specials, IReadOnlyList<string> Tokens,
    IReadOnlyList<(string Left, string Right)> Merges, string UnkToken)
{
    public static readonly IReadOnlyList<string> DefaultSpecials =
        ["<s>", "</s>", "<pad>", "<unk>", .. Enumerable.Range(0, 8).Select(i => $"<unused{i}>")];

    public int IdOf(string token) => Tokens.Select((t, i) => (t, i)).First(p => p.t == token).i;

    public string ToJson() => TokenizerJsonWriter.ToJson(Specials, Tokens, Merges, UnkToken);

    /// <summary>Reads the BPE part of an HF tokenizer.json (ours or KoGPT2's).</summary>
    public static BpeVocabulary FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var model = doc.RootElement.GetProperty("model");
        var vocab = model.GetProperty("vocab").EnumerateObject().Select(p => (p.Name, Id: p.Value.GetInt32())).ToList();
        var specials = doc.RootElement.TryGetProperty("added_tokens", out var added)
            ? added.EnumerateArray().Select(a => (Name: a.GetProperty("content").GetString()!, Id: a.GetProperty("id").GetInt32())).ToList()
            : [];
        var tokens = new string[Math.Max(vocab.Max(v => v.Id), specials.Count == 0 ? 0 : specials.Max(s => s.Id)) + 1];
        foreach (var (name, id) in vocab.Concat(specials))
        {
            tokens[id] = name;
        }

        var merges = model.GetProperty("merges").EnumerateArray().Select(m =>
        {
            if (m.ValueKind == JsonValueKind.Array)
            {
                return (m[0].GetString()!, m[1].GetString()!);
            }

            var s = m.GetString()!;
            var space = s.IndexOf(' ', StringComparison.Ordinal);
            return (s[..space], s[(space + 1)..]);
        }).ToList();
        var unk = model.TryGetProperty("unk_token", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : "<unk>";
        return new BpeVocabulary(specials.OrderBy(s => s.Id).Select(s => s.Name).ToList(), tokens.Select(t => t ?? "").ToList(), merges, unk);
    }
}
