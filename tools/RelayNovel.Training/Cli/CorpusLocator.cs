namespace RelayNovel.Training.Cli;

/// <summary>Finds shared/corpus beside the repository (or /work/shared in a worktree).</summary>
internal static class CorpusLocator
{
    public static string Find(string? explicitDir)
    {
        if (explicitDir is not null)
        {
            return explicitDir;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RelayNovel.sln")))
            {
                var beside = Path.Combine(dir.FullName, "..", "shared", "corpus");
                if (Directory.Exists(beside))
                {
                    return Path.GetFullPath(beside);
                }
            }
        }

        return Directory.Exists("/work/shared/corpus") ? "/work/shared/corpus"
            : throw new DirectoryNotFoundException("Corpus not found; pass --corpus DIR.");
    }
}
