namespace RelayNovel.Inference;

/// <summary>Names the inference library's assembly for hosts that scan it.</summary>
public static class InferenceAssembly
{
    public const string Name = "RelayNovel.Inference";
}
