using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.Postgres;

namespace RelayNovel.Tests.Stories;

/// <summary>The fork origin contract on a real PostgreSQL server, one database per test's folder.</summary>
public sealed class PostgresStoryStoreForkTests : StoryStoreForkContract
{
    protected override IStoryStore CreateStore(string folder) => new PostgresStoryStore(PostgresServer.Shared.Database(folder));
}
