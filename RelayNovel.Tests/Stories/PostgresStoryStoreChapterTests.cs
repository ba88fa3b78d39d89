using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.Postgres;

namespace RelayNovel.Tests.Stories;

/// <summary>Chapter marks in the PostgreSQL store, on a real server.</summary>
public sealed class PostgresStoryStoreChapterTests : StoryStoreChapterContract
{
    protected override IStoryStore CreateStore(string folder) => new PostgresStoryStore(PostgresServer.Shared.Database(folder));
}
