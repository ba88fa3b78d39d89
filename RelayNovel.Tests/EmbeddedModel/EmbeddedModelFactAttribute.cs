namespace RelayNovel.Tests.EmbeddedModel;

/// <summary>A fact that needs the shared corpus (for the held-out excerpt); skipped with the reason when it is missing.</summary>
public sealed class EmbeddedModelFactAttribute : FactAttribute
{
    public EmbeddedModelFactAttribute()
    {
        Skip = Tokenization.SharedData.MissingReason(HeldOutExcerpt.RelativePath);
    }
}
