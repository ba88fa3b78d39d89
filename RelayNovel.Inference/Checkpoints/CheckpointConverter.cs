using System.Text.Json.Nodes;
using RelayNovel.Inference.Onnx;

namespace RelayNovel.Inference.Checkpoints;

/// <summary>
/// <c>relaynovel convert</c>: a Hugging Face GPT-2 checkpoint folder (config.json, model.safetensors or
/// pytorch_model.bin, tokenizer.json) becomes a model folder (model.onnx, config.json, tokenizer.json,
/// MODEL_CARD.md). Everything is checked before the first file is written.
/// </summary>
public static class CheckpointConverter
{
    public static void Convert(string hfDir, string modelDir)
    {
        var checkpoint = HfCheckpoint.Load(hfDir);
        var tokenizerPath = Path.Combine(hfDir, "tokenizer.json");
        if (!File.Exists(tokenizerPath))
        {
            throw new CheckpointFormatException(
                $"'{hfDir}' has no tokenizer.json. RelayNovel needs the Hugging Face fast-tokenizer file; vocab.json/merges.txt alone are not read.");
        }

        var tokenizerVocab = TokenizerCompatibility.Check(tokenizerPath, checkpoint.Config);

        Directory.CreateDirectory(modelDir);
        Gpt2OnnxWriter.Write(Path.Combine(modelDir, "model.onnx"), checkpoint.Config, checkpoint.Weights);
        checkpoint.Config.Save(Path.Combine(modelDir, "config.json"));
        File.Copy(tokenizerPath, Path.Combine(modelDir, "tokenizer.json"), overwrite: true);
        foreach (var licence in Directory.EnumerateFiles(hfDir, "LICENSE*"))
        {
            File.Copy(licence, Path.Combine(modelDir, Path.GetFileName(licence)), overwrite: true);
        }

        File.WriteAllText(Path.Combine(modelDir, "MODEL_CARD.md"), ModelCard(hfDir, checkpoint, tokenizerVocab));
    }

    private static string ModelCard(string hfDir, HfCheckpoint checkpoint, int tokenizerVocab)
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
            - ONNX: opset {Gpt2OnnxWriter.OpsetVersion}, KV cache, I/O named as Optimum's text-generation-with-past export.
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
