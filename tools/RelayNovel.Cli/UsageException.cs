namespace RelayNovel.Cli;

/// <summary>The command line is wrong (unknown verb or option, missing or malformed value); exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
