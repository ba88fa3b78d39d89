namespace RelayNovel.Training.Tests;

/// <summary>Finds ../shared beside the repository root (or /work/shared in a worktree).</summary>
internal static class SharedData
{
    public static string? Root { get; } = Find();

    public static string? Corpus => Root is null ? null : Path.Combine(Root, "corpus");

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RelayNovel.sln")))
            {
                var beside = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                if (Directory.Exists(Path.Combine(beside, "corpus")))
                {
                    return beside;
                }

                break;
            }
        }

        return Directory.Exists("/work/shared/corpus") ? "/work/shared" : null;
    }
}
