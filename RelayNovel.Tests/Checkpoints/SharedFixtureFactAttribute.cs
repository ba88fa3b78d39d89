namespace RelayNovel.Tests.Checkpoints;

/// <summary>A fact that is skipped, with the reason shown, when the shared fixture it reads is absent.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedFixtureFactAttribute : FactAttribute
{
    public SharedFixtureFactAttribute(string relativePath)
    {
        RelativePath = relativePath;
        Skip = Tokenization.SharedData.MissingReason(relativePath);
    }

    public string RelativePath { get; }
}
