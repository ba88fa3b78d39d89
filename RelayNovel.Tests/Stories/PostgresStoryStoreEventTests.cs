using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.Postgres;

namespace RelayNovel.Tests.Stories;

/// <summary>Issue 14: the event-log half of the <see cref="IStoryStore"/> contract on a real PostgreSQL server.</summary>
public sealed class PostgresStoryStoreEventTests : StoryStoreEventContract
{
    protected override IStoryStore CreateStore(string folder) => new PostgresStoryStore(PostgresServer.Shared.Database(folder));
}
