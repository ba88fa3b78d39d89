using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.Postgres;

namespace RelayNovel.Tests.Stories;

/// <summary>Issue 14: the <see cref="IStoryStore"/> contract on a real PostgreSQL server, one database per test's folder.</summary>
public sealed class PostgresStoryStoreTests : StoryStoreContract
{
    protected override IStoryStore CreateStore(string folder) => new PostgresStoryStore(PostgresServer.Shared.Database(folder));
}
