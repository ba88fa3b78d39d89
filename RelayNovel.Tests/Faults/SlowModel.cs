using RelayNovel.Inference.Checkpoints;

namespace RelayNovel.Tests.Faults;

/// <summary>
/// A random-weight GPT-2 big enough that a long AI turn is still being generated when a test acts on it
/// (the tiny test model finishes 200 tokens before a test can blink). Written once per test run.
/// </summary>
public static class SlowModel
{
    // 2100 positions: a room may ask for half the context, and these tests ask for a 1000-token turn.
    public static Gpt2Config Config { get; } = new(NLayer: 4, NHead: 4, NEmbd: 256, NPositions: 2100, VocabSize: 400,
        BosTokenId: 0, EosTokenId: 1, PadTokenId: 3);

    private static readonly Lazy<string> Folder = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), "relaynovel-tests", $"slow-model-{Environment.ProcessId}");
        RandomModel.Write(dir, Config, seed: 20261126);
        return dir;
    });

    public static string FolderPath => Folder.Value;
}
