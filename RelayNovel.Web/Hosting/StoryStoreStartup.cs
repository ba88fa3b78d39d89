using Microsoft.Extensions.Options;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.Postgres;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// Creates or migrates the PostgreSQL schema as the host starts (a LiteDB store needs nothing, and is not opened
/// here): a database that is unreachable or refuses the schema stops the app at start with its error.
/// </summary>
public sealed class StoryStoreStartup(IOptions<RelayNovelOptions> options, IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (StoryStoreServices.IsPostgres(options.Value) && services.GetRequiredService<IStoryStore>() is PostgresStoryStore store)
        {
            await store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
