using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.LiteDb;

namespace RelayNovel.Tests.Stories;

/// <summary>The <see cref="IStoryStore"/> contract on LiteDB: one file in the folder.</summary>
public sealed class LiteDbStoryStoreTests : StoryStoreContract
{
    protected override IStoryStore CreateStore(string folder) => new LiteDbStoryStore(Path.Combine(folder, "story.db"));
}
