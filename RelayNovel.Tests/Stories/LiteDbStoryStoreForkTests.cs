using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.LiteDb;

namespace RelayNovel.Tests.Stories;

/// <summary>The fork origin contract on LiteDB: one file in the folder.</summary>
public sealed class LiteDbStoryStoreForkTests : StoryStoreForkContract
{
    protected override IStoryStore CreateStore(string folder) => new LiteDbStoryStore(Path.Combine(folder, "story.db"));
}
