using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.LiteDb;

namespace RelayNovel.Tests.Stories;

/// <summary>The event-log half of the <see cref="IStoryStore"/> contract on LiteDB.</summary>
public sealed class LiteDbStoryStoreEventTests : StoryStoreEventContract
{
    protected override IStoryStore CreateStore(string folder) => new LiteDbStoryStore(Path.Combine(folder, "story.db"));
}
