using RelayNovel.Tests.Tokenization;

namespace RelayNovel.Tests.Checkpoints;

/// <summary>The peer fixtures' view of the shared test data; <see cref="SharedData"/> does the finding.</summary>
public static class SharedFixtures
{
    /// <summary>Full path of a file or folder under shared/, or null when shared/ or the entry is absent.</summary>
    public static string? Find(string relative) => SharedData.Find(relative);

    /// <summary>Like <see cref="Find"/>, but names what is missing.</summary>
    public static string Require(string relative) =>
        Find(relative) ?? throw new FileNotFoundException(SharedData.MissingReason(relative));
}
