namespace RelayNovel.Training.Tests;

/// <summary>A fact that is skipped, with the reason, when ../shared/corpus is not beside the repository.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (SharedData.Corpus is null)
        {
            Skip = "../shared/corpus not found beside the repository (nor /work/shared/corpus)";
        }
    }
}
