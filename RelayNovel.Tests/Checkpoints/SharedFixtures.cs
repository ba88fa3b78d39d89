namespace RelayNovel.Tests.Checkpoints;

/// <summary>Finds the read-only test data in ../shared beside the repository (or /work/shared).</summary>
public static class SharedFixtures
{
    private static readonly Lazy<string?> SharedRoot = new(FindSharedRoot);

    /// <summary>Full path of a file or folder under shared/, or null when shared/ or the entry is absent.</summary>
    public static string? Find(string relative)
    {
        if (SharedRoot.Value is not { } root) return null;
        var path = Path.Combine(root, relative);
        return File.Exists(path) || Directory.Exists(path) ? path : null;
    }

    /// <summary>Like <see cref="Find"/>, but names what is missing so a skipped test says why.</summary>
    public static string Require(string relative) =>
        Find(relative) ?? throw new FileNotFoundException($"Shared test data '{relative}' was not found beside the repository or in /work/shared.");

    private static string? FindSharedRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RelayNovel.sln")))
            {
                var beside = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                if (Directory.Exists(beside)) return beside;
                break;
            }
        }

        return Directory.Exists("/work/shared") ? "/work/shared" : null;
    }
}
