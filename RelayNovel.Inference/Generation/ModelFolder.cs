using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Onnx.Quantization;

namespace RelayNovel.Inference.Generation;

/// <summary>The files of a model folder (DESIGN.md contract), checked before anything is loaded.</summary>
internal sealed record ModelFolder(string Directory, string OnnxPath, string ConfigPath, string TokenizerPath, string Name)
{
    public const string OnnxFile = "model.onnx";
    public const string ConfigFile = "config.json";
    public const string TokenizerFile = "tokenizer.json";
    public const string ModelCardFile = "MODEL_CARD.md";

    /// <summary>
    /// fp32, int8, int4 or fp16 (see <see cref="QuantizationMetadata"/>): read when the folder is opened, from
    /// model.onnx's metadata, without loading the graph (a few small reads).
    /// </summary>
    public string Quantization { get; init; } = QuantizationMetadata.Unknown;

    public static ModelFolder Open(string modelDir)
    {
        var folder = Peek(modelDir);
        return folder with { Quantization = QuantizationMetadata.Read(folder.OnnxPath) };
    }

    /// <summary>
    /// The same checks as <see cref="Open"/> (folder and files present) and the name, reading nothing but the model
    /// card: what a page needs to show before the model is loaded.
    /// </summary>
    public static ModelFolder Peek(string modelDir)
    {
        var dir = Path.GetFullPath(modelDir);
        if (!System.IO.Directory.Exists(dir))
        {
            throw new ModelLoadException($"The model folder '{dir}' does not exist. A model folder holds {OnnxFile}, {ConfigFile} and {TokenizerFile}; make one with `relaynovel convert` or `relaynovel random-model`.");
        }

        var missing = new[] { OnnxFile, ConfigFile, TokenizerFile }.Where(f => !File.Exists(Path.Combine(dir, f))).ToList();
        if (missing.Count > 0)
        {
            throw new ModelLoadException($"The model folder '{dir}' is missing {string.Join(", ", missing)}. A model folder holds {OnnxFile}, {ConfigFile} and {TokenizerFile}.");
        }

        return new ModelFolder(dir, Path.Combine(dir, OnnxFile), Path.Combine(dir, ConfigFile), Path.Combine(dir, TokenizerFile), ReadName(dir));
    }

    /// <summary>config.json, or a <see cref="ModelLoadException"/> saying why it cannot be used.</summary>
    public Gpt2Config LoadConfig()
    {
        try
        {
            return Gpt2Config.Load(ConfigPath);
        }
        catch (CheckpointFormatException ex)
        {
            throw new ModelLoadException($"The model config {ConfigPath} cannot be used: {ex.Message}", ex);
        }
    }

    /// <summary>The first level-one heading of MODEL_CARD.md, else the folder's name.</summary>
    private static string ReadName(string dir)
    {
        var card = Path.Combine(dir, ModelCardFile);
        if (File.Exists(card))
        {
            foreach (var line in File.ReadLines(card))
            {
                if (line.StartsWith("# ", StringComparison.Ordinal) && line[2..].Trim().Length > 0)
                {
                    return line[2..].Trim();
                }
            }
        }

        return Path.GetFileName(dir.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
    }

    /// <summary>Bytes of weights a decode step reads: the ONNX file and any external-data files beside it.</summary>
    public long WeightBytes()
    {
        var bytes = new FileInfo(OnnxPath).Length;
        foreach (var data in System.IO.Directory.EnumerateFiles(Directory, "*.data"))
        {
            bytes += new FileInfo(data).Length;
        }

        return bytes;
    }
}
