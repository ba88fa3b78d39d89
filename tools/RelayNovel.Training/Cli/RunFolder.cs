using System.Text.Json;
using RelayNovel.Training.Data;
using RelayNovel.Training.Model;
using RelayNovel.Training.Training;

namespace RelayNovel.Training.Cli;

/// <summary>Files a training run keeps beside the prepared data.</summary>
internal static class RunFolder
{
    public const string OptionsFile = "options.json";
    public const string ModelConfigFile = "model-config.json";

    public static void SaveOptions(string run, TrainOptions o, ModelConfig config)
    {
        File.WriteAllText(Path.Combine(run, OptionsFile), JsonSerializer.Serialize(o, new JsonSerializerOptions { WriteIndented = true }));
        File.WriteAllText(Path.Combine(run, ModelConfigFile), config.ToHfJsonString());
    }

    public static TrainOptions LoadOptions(string run) =>
        JsonSerializer.Deserialize<TrainOptions>(File.ReadAllText(Path.Combine(run, OptionsFile))) ?? throw new InvalidDataException("bad options.json");

    public static ModelConfig LoadConfig(string run, double dropout) =>
        ModelConfig.FromHfJson(File.ReadAllText(Path.Combine(run, ModelConfigFile)), dropout);

    public static string Tokenizer(string run) => Path.Combine(run, PreparedData.TokenizerFile);
}
