using System.Text.Json;

namespace RelayNovel.Training.Training;

/// <summary>Progress saved with each checkpoint; the data position is a function of Step.</summary>
internal sealed record RunState(long Step, double ElapsedSeconds, long TokensSeen, double? LastValidationLoss, double? LastBitsPerChar)
{
    public const string FileName = "state.json";

    public void Save(string dir) => File.WriteAllText(Path.Combine(dir, FileName), JsonSerializer.Serialize(this));

    public static RunState? Load(string dir) => File.Exists(Path.Combine(dir, FileName))
        ? JsonSerializer.Deserialize<RunState>(File.ReadAllText(Path.Combine(dir, FileName)))
        : null;
}
