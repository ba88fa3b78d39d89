using RelayNovel.Inference.Checkpoints;
using RelayNovel.Training.Model;

namespace RelayNovel.Training.Export;

/// <summary>Writes/reads an HF-style GPT-2 checkpoint folder: config.json, model.safetensors, tokenizer.json.</summary>
internal static class HfExport
{
    public const string ConfigFile = "config.json";
    public const string WeightsFile = "model.safetensors";
    public const string TokenizerFile = "tokenizer.json";

    public static void Write(string dir, Gpt2LmHeadModel model, string tokenizerJsonPath)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, ConfigFile), model.Config.ToHfJsonString());
        SafeTensors.Write(Path.Combine(dir, WeightsFile), ModelWeights.Extract(model));
        File.Copy(tokenizerJsonPath, Path.Combine(dir, TokenizerFile), overwrite: true);
    }

    public static ModelConfig ReadConfig(string dir, double dropout = 0.0) =>
        ModelConfig.FromHfJson(File.ReadAllText(Path.Combine(dir, ConfigFile)), dropout);

    public static Gpt2LmHeadModel Load(string dir, double dropout = 0.0)
    {
        var model = new Gpt2LmHeadModel(ReadConfig(dir, dropout));
        ModelWeights.Load(model, HfCheckpoint.Load(dir).Weights);
        return model;
    }
}
