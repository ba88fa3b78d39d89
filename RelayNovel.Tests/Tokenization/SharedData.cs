namespace RelayNovel.Tests.Tokenization;

/// <summary>
/// Finds test data in the project's shared folder: <c>&lt;repo root&gt;/../shared</c>, where the repo root is the
/// first folder above the test binaries holding RelayNovel.sln; <c>/work/shared</c> when that is missing
/// (a git worktree sits one level deeper than a plain clone).
/// </summary>
internal static class SharedData
{
    private const string FallbackRoot = "/work/shared";

    /// <summary>The full path of <paramref name="relativePath"/> under the shared folder, or null when it is absent.</summary>
    public static string? Find(string relativePath)
    {
        foreach (var root in Roots())
        {
            var candidate = Path.Combine(root, relativePath);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Why a test needing <paramref name="relativePath"/> cannot run, or null when the data is there.</summary>
    public static string? MissingReason(string relativePath)
        => Find(relativePath) is null
            ? $"Shared test data '{relativePath}' not found in <repo root>/../shared or {FallbackRoot}."
            : null;

    private static IEnumerable<string> Roots()
    {
        var repoRoot = FindRepoRoot();
        if (repoRoot is not null)
        {
            yield return Path.GetFullPath(Path.Combine(repoRoot, "..", "shared"));
        }

        yield return FallbackRoot;
    }

    private static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RelayNovel.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
