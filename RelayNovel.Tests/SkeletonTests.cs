namespace RelayNovel.Tests;

public sealed class SkeletonTests
{
    [Fact]
    public void InferenceAssembly_Name_MatchesTheAssembly()
    {
        Assert.Equal(RelayNovel.Inference.InferenceAssembly.Name, typeof(RelayNovel.Inference.InferenceAssembly).Assembly.GetName().Name);
    }
}
