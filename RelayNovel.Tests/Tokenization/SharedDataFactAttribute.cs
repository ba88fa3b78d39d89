namespace RelayNovel.Tests.Tokenization;

/// <summary>A fact that is skipped, with the reason shown, when the shared test data it reads is absent.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string relativePath)
    {
        RelativePath = relativePath;
        Skip = SharedData.MissingReason(relativePath);
    }

    public string RelativePath { get; }
}
