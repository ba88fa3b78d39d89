namespace RelayNovel.Tests.EmbeddedModel;

/// <summary>The model shipped in the repository's onnx/ folder.</summary>
internal static class EmbeddedModelFolder
{
    public static string? Path { get; } = Find();

    public static string? MissingReason => Path is null ? "onnx/model.onnx is not in the repository (the embedded model has not been added yet)" : null;

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "RelayNovel.sln")))
            {
                var onnx = System.IO.Path.Combine(dir.FullName, "onnx");
                return File.Exists(System.IO.Path.Combine(onnx, "model.onnx")) ? onnx : null;
            }
        }

        return null;
    }
}
