namespace RelayNovel.Training.Tests;

/// <summary>A fact that needs the shipped onnx/tokenizer.json and the corpus; skipped with the reason otherwise.</summary>
public sealed class ShippedTokenizerFactAttribute : FactAttribute
{
    public ShippedTokenizerFactAttribute()
    {
        if (SharedData.Corpus is null)
        {
            Skip = "../shared/corpus not found beside the repository (nor /work/shared/corpus)";
        }
        else if (TokenizerPath is null)
        {
            Skip = "onnx/tokenizer.json is not in the repository";
        }
    }

    public static string? TokenizerPath { get; } = Find();

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "RelayNovel.sln")))
            {
                var path = System.IO.Path.Combine(dir.FullName, "onnx", "tokenizer.json");
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }
}
