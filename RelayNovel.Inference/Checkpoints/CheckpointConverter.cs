using System.Text.Json.Nodes;
using RelayNovel.Inference.Onnx;

namespace RelayNovel.Inference.Checkpoints;

/// <summary>
/// <c>relaynovel convert</c>: a Hugging Face GPT-2 checkpoint folder (config.json, model.safetensors or
/// pytorch_model.bin, tokenizer.json) becomes a model folder (model.onnx, config.json, tokenizer.json,
/// MODEL_CARD.md); a model folder this project wrote is rewritten into the chosen graph form from the weights in its
/// model.onnx. Everything is checked before the first file is written.
/// </summary>
public static class CheckpointConverter
{
    private const string OnnxFile = "model.onnx";
    private const string CardFile = "MODEL_CARD.md";

    /// <summary>Converts <paramref name="sourceDir"/>: a model folder (it has model.onnx) is rewritten, anything else is read as a Hugging Face checkpoint.</summary>
    public static void Convert(string sourceDir, string modelDir, Gpt2GraphKind kind = Gpt2GraphKind.Plain)
    {
        if (File.Exists(Path.Combine(sourceDir, OnnxFile)))
        {
            Rewrite(sourceDir, modelDir, kind);
            return;
        }

        var hfDir = sourceDir;
        var checkpoint = HfCheckpoint.Load(hfDir);
        var tokenizerPath = Path.Combine(hfDir, "tokenizer.json");
        if (!File.Exists(tokenizerPath))
        {
            throw new CheckpointFormatException(
                $"'{hfDir}' has no tokenizer.json. RelayNovel needs the Hugging Face fast-tokenizer file; vocab.json/merges.txt alone are not read.");
        }

        var tokenizerVocab = TokenizerCompatibility.Check(tokenizerPath, checkpoint.Config);

        Directory.CreateDirectory(modelDir);
        Gpt2OnnxWriter.Write(Path.Combine(modelDir, OnnxFile), checkpoint.Config, checkpoint.Weights, kind);
        checkpoint.Config.Save(Path.Combine(modelDir, "config.json"));
        File.Copy(tokenizerPath, Path.Combine(modelDir, "tokenizer.json"), overwrite: true);
        foreach (var licence in Directory.EnumerateFiles(hfDir, "LICENSE*"))
        {
            File.Copy(licence, Path.Combine(modelDir, Path.GetFileName(licence)), overwrite: true);
        }

        File.WriteAllText(Path.Combine(modelDir, CardFile), ModelCard(hfDir, checkpoint, tokenizerVocab, kind));
    }

    /// <summary>
    /// Rewrites a model folder's model.onnx into <paramref name="kind"/> (same weights, read back from its initializers)
    /// and carries every other file over; MODEL_CARD.md gains a line saying what was rewritten. The target may be the
    /// source folder itself.
    /// </summary>
    public static void Rewrite(string sourceDir, string modelDir, Gpt2GraphKind kind)
    {
        var configPath = Path.Combine(sourceDir, "config.json");
        if (!File.Exists(configPath))
        {
            throw new CheckpointFormatException($"The model folder '{sourceDir}' has no config.json.");
        }

        if (!File.Exists(Path.Combine(sourceDir, "tokenizer.json")))
        {
            throw new CheckpointFormatException($"The model folder '{sourceDir}' has no tokenizer.json.");
        }

        var config = Gpt2Config.Load(configPath);
        var weights = Gpt2OnnxWeights.Read(Path.Combine(sourceDir, OnnxFile), config);
        var sourceCard = Path.Combine(sourceDir, CardFile);
        var card = File.Exists(sourceCard) ? File.ReadAllText(sourceCard) : $"# {Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(sourceDir)))}\n";

        Directory.CreateDirectory(modelDir);
        Gpt2OnnxWriter.Write(Path.Combine(modelDir, OnnxFile), config, weights, kind);
        if (!string.Equals(Path.GetFullPath(sourceDir), Path.GetFullPath(modelDir), StringComparison.Ordinal))
        {
            foreach (var file in Directory.EnumerateFiles(sourceDir))
            {
                var name = Path.GetFileName(file);
                if (name is OnnxFile or CardFile || name.StartsWith(OnnxFile + ".", StringComparison.Ordinal)) continue;
                File.Copy(file, Path.Combine(modelDir, name), overwrite: true);
            }
        }

        File.WriteAllText(Path.Combine(modelDir, CardFile), card.TrimEnd() + $"""


            ## Graph rewrite

            - {DateTime.UtcNow:yyyy-MM-dd}: `relaynovel convert` rewrote model.onnx from `{Path.GetFullPath(sourceDir)}` as the {GraphText(kind)}; same fp32 weights.

            """);
    }

    private static string GraphText(Gpt2GraphKind kind) => kind == Gpt2GraphKind.Fused
        ? "fused-attention graph (ONNX Runtime GroupQueryAttention; past and present can share one preallocated KV buffer, so a decode step writes only the new token's keys and values)"
        : "plain-op graph (standard ONNX ops; every step concatenates the cache into new present outputs)";

    private static string ModelCard(string hfDir, HfCheckpoint checkpoint, int tokenizerVocab, Gpt2GraphKind kind)
    {
        var config = checkpoint.Config;
        var name = SourceName(hfDir);
        var notes = checkpoint.Notes.Count == 0 ? "" : "\n## Notes\n\n" + string.Concat(checkpoint.Notes.Select(n => $"- {n}\n"));
        return $"""
            # {name}

            Converted by `relaynovel convert` from the Hugging Face GPT-2 checkpoint in `{Path.GetFullPath(hfDir)}`
            (`{Path.GetFileName(checkpoint.WeightsFile)}`, {DateTime.UtcNow:yyyy-MM-dd}).

            - Architecture: GPT-2 decoder, {config.NLayer} layers, {config.NHead} heads, n_embd {config.NEmbd}, n_inner {config.InnerSize}, context {config.NPositions} tokens, {config.ParameterCount:N0} parameters (fp32, LM head tied to the token embedding).
            - Vocabulary: model {config.VocabSize}, tokenizer {tokenizerVocab}; bos {config.BosTokenId}, eos {config.EosTokenId}, pad {config.PadTokenId}.
            - ONNX: opset {Gpt2OnnxWriter.OpsetVersion}, KV cache, I/O named as Optimum's text-generation-with-past export; the {GraphText(kind)}.
            - Licence: that of the source checkpoint (skt/kogpt2-base-v2 is CC BY-NC-SA 4.0: non-commercial, share-alike; never commit it).
            {notes}
            """;
    }

    private static string SourceName(string hfDir)
    {
        try
        {
            if (JsonNode.Parse(File.ReadAllText(Path.Combine(hfDir, "config.json")))?["_name_or_path"]?.GetValue<string>() is { Length: > 0 } name
                && !Path.IsPathRooted(name))
            {
                return name;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Text.Json.JsonException)
        {
            // Config was already validated; a non-string _name_or_path just means no name.
        }

        return Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(hfDir)));
    }
}
