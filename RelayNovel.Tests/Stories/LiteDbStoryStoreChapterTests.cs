using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.LiteDb;

namespace RelayNovel.Tests.Stories;

/// <summary>Chapter marks in the LiteDB store.</summary>
public sealed class LiteDbStoryStoreChapterTests : StoryStoreChapterContract
{
    protected override IStoryStore CreateStore(string folder) => new LiteDbStoryStore(Path.Combine(folder, "story.db"));
}
