namespace RelayNovel.Tests.EmbeddedModel;

/// <summary>A fact that needs onnx/ and the shared corpus; skipped with the reason when either is missing.</summary>
public sealed class EmbeddedModelFactAttribute : FactAttribute
{
    public EmbeddedModelFactAttribute()
    {
        Skip = EmbeddedModelFolder.MissingReason ?? Tokenization.SharedData.MissingReason(HeldOutExcerpt.RelativePath);
    }
}
