using RelayNovel.Inference.Generation;

namespace RelayNovel.Cli;

/// <summary>Finds the embedded default model: the repository's <c>onnx/</c> folder.</summary>
internal static class ModelLocator
{
    public const string DefaultFolder = "onnx";

    /// <summary>The given folder, else the first <c>onnx/model.onnx</c> above the current or the program's directory.</summary>
    public static string Resolve(string? modelDir)
    {
        if (modelDir is not null)
        {
            return modelDir;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, DefaultFolder);
                if (File.Exists(Path.Combine(candidate, "model.onnx")))
                {
                    return candidate;
                }
            }
        }

        throw new ModelLoadException(
            $"No --model given and no {DefaultFolder}/model.onnx found above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}; pass --model DIR.");
    }
}
