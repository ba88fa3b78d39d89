using RelayNovel.Inference.Generation;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Api.Epub;
using RelayNovel.Web.Hosting;

namespace RelayNovel.Tests.Api.Epub;

/// <summary>The training data attribution comes from the model folder's DATA_LICENSE.md, for that folder's model only.</summary>
public sealed class TrainingDataCreditsTests
{
    [Fact]
    public void Attribution_EmbeddedModelsDataLicense_IsEachRequiredAttributionItemAsPlainText()
    {
        var folder = ModelFolderLocator.Locate(null, AppContext.BaseDirectory)!;

        var items = TrainingDataCredits.Attribution(File.ReadAllText(Path.Combine(folder, TrainingDataCredits.DataLicenseFile)));

        Assert.Equal(4, items.Count);
        Assert.StartsWith("KoCoNovel — \"KoCoNovel: Annotated Dataset", items[0], StringComparison.Ordinal);
        Assert.Contains("licensed CC BY-SA 4.0", items[0], StringComparison.Ordinal);
        Assert.Contains(items, i => i.Contains("두루책방", StringComparison.Ordinal) && i.Contains("CC BY 4.0", StringComparison.Ordinal));
        Assert.DoesNotContain(items, i => i.Contains("**", StringComparison.Ordinal) || i.Contains('\n', StringComparison.Ordinal));
    }

    [Fact]
    public void For_ModelOtherThanTheFoldersOrNoFolder_IsNamedWithoutAttribution()
    {
        Assert.Empty(EpubSamples.EmbeddedCredits.For("kogpt2-base-v2").Attribution);
        Assert.Empty(new TrainingDataCredits((string?)null).For(EpubSamples.EmbeddedModelName).Attribution);
    }

    [Fact]
    public void For_FolderWithoutDataLicense_HasNoAttribution()
    {
        var credits = new TrainingDataCredits(TestModels.TinyModelPath);
        var name = ModelDescription.Read(TestModels.TinyModelPath).Name;

        Assert.Equal(name, credits.For(name).Name);
        Assert.Empty(credits.For(name).Attribution);
    }
}
