namespace RelayNovel.Inference.Checkpoints;

/// <summary>
/// A Hugging Face GPT-2 checkpoint folder read into canonical weights: <c>config.json</c> plus
/// <c>model.safetensors</c> (preferred) or <c>pytorch_model.bin</c> (through the restricted reader).
/// </summary>
public sealed class HfCheckpoint
{
    private HfCheckpoint(Gpt2Config config, IReadOnlyDictionary<string, NamedTensor> weights, string weightsFile, IReadOnlyList<string> notes)
    {
        Config = config;
        Weights = weights;
        WeightsFile = weightsFile;
        Notes = notes;
    }

    public Gpt2Config Config { get; }

    /// <summary>Canonical GPT2LMHeadModel names (see <see cref="Gpt2WeightNames"/>), shapes checked against the config.</summary>
    public IReadOnlyDictionary<string, NamedTensor> Weights { get; }

    /// <summary>The file the weights came from.</summary>
    public string WeightsFile { get; }

    /// <summary>What the user should know about how the checkpoint was read (e.g. a tied head added).</summary>
    public IReadOnlyList<string> Notes { get; }

    public static HfCheckpoint Load(string hfDir)
    {
        if (!Directory.Exists(hfDir))
        {
            throw new CheckpointFormatException($"The checkpoint folder '{hfDir}' does not exist.");
        }

        var configPath = Path.Combine(hfDir, "config.json");
        if (!File.Exists(configPath))
        {
            throw new CheckpointFormatException($"'{hfDir}' has no config.json; a Hugging Face GPT-2 checkpoint needs one.");
        }

        var config = Gpt2Config.Load(configPath);
        var safetensors = Path.Combine(hfDir, "model.safetensors");
        var bin = Path.Combine(hfDir, "pytorch_model.bin");
        string weightsFile;
        IReadOnlyDictionary<string, NamedTensor> raw;
        if (File.Exists(safetensors))
        {
            weightsFile = safetensors;
            raw = SafeTensors.Read(safetensors);
        }
        else if (File.Exists(bin))
        {
            weightsFile = bin;
            raw = PyTorchCheckpoint.Read(bin, config);
        }
        else
        {
            var sharded = File.Exists(Path.Combine(hfDir, "model.safetensors.index.json")) || File.Exists(Path.Combine(hfDir, "pytorch_model.bin.index.json"));
            throw new CheckpointFormatException(sharded
                ? $"'{hfDir}' holds a sharded checkpoint (*.index.json), which is not supported; GPT-2 models this size fit in one file."
                : $"'{hfDir}' has neither model.safetensors nor pytorch_model.bin.");
        }

        var notes = new List<string>();
        var weights = Gpt2WeightNames.Normalize(raw, config, Path.GetFileName(weightsFile), notes);
        return new HfCheckpoint(config, weights, weightsFile, notes);
    }
}
