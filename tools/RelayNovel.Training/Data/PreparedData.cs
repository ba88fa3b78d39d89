using System.Text.Json;

namespace RelayNovel.Training.Data;

/// <summary>What `prepare` leaves in a run folder, so `train` needs nothing else.</summary>
internal sealed record PreparedData(long TrainChars, long ValidationChars, int TrainTokens, int ValidationTokens, int VocabSize)
{
    public const string MetaFile = "data.json";
    public const string TrainFile = "train.tokens";
    public const string ValidationFile = "validation.tokens";
    public const string TokenizerFile = "tokenizer.json";
    public const string ValidationListFile = "VALIDATION_WORKS.txt";

    public void Save(string dir) => File.WriteAllText(Path.Combine(dir, MetaFile), JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));

    public static PreparedData Load(string dir) =>
        JsonSerializer.Deserialize<PreparedData>(File.ReadAllText(Path.Combine(dir, MetaFile))) ?? throw new InvalidDataException("bad data.json");
}
