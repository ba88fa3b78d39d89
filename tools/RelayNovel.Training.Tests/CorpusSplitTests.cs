using RelayNovel.Training.Data;

namespace RelayNovel.Training.Tests;

public sealed class CorpusSplitTests
{
    [CorpusFact]
    public void Load_LeavesOutTheArchaicSpellingWorks()
    {
        var works = CorpusManifest.Load(SharedData.Corpus!);

        Assert.DoesNotContain(works, w => w.Source == CorpusManifest.ArchaicSource);
        Assert.Equal(136, works.Count);
    }

    [CorpusFact]
    public void Create_PutsBothCopiesOfAStoryOnTheSameSide()
    {
        var split = CorpusSplit.Create(CorpusManifest.Load(SharedData.Corpus!));

        var trainKeys = split.Train.Select(w => w.TitleKey).ToHashSet();
        Assert.DoesNotContain(split.Validation, w => trainKeys.Contains(w.TitleKey));
        // 탈출기 exists in KoCoNovel and Wikisource: both copies land together.
        var escape = split.Train.Concat(split.Validation).Where(w => w.Title == "탈출기").ToList();
        Assert.True(escape.Count >= 2);
        Assert.True(escape.All(split.Validation.Contains) || escape.All(split.Train.Contains));
    }

    [CorpusFact]
    public void Create_IsReproducibleAndHoldsOutAboutFivePercent()
    {
        var works = CorpusManifest.Load(SharedData.Corpus!);

        var a = CorpusSplit.Create(works);
        var b = CorpusSplit.Create([.. works.Reverse()]);

        Assert.Equal(a.Validation.Select(w => w.RelativePath).Order(), b.Validation.Select(w => w.RelativePath).Order());
        var share = a.Validation.Sum(w => (double)w.Chars) / works.Sum(w => (double)w.Chars);
        Assert.InRange(share, 0.04, 0.08);
    }

    [Fact]
    public void TitleNormalizer_IgnoresSpacingAndPunctuation()
    {
        Assert.Equal(TitleNormalizer.Normalize("B사감과 러브레터"), TitleNormalizer.Normalize("B 사감과 러브레터."));
    }
}
