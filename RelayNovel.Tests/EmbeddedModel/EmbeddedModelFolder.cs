namespace RelayNovel.Tests.EmbeddedModel;

/// <summary>The model shipped in the repository's onnx/ folder. It is part of the product: a missing one fails the tests.</summary>
internal static class EmbeddedModelFolder
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "RelayNovel.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, "onnx");
            }
        }

        throw new DirectoryNotFoundException("RelayNovel.sln was not found above the test assembly.");
    }
}
