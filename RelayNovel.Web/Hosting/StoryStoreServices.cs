using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RelayNovel.Web.Stories;
using RelayNovel.Web.Stories.LiteDb;
using RelayNovel.Web.Stories.Postgres;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// Registers the node's <see cref="IStoryStore"/> as <c>RelayNovel:Store</c> says: the LiteDB file at
/// <c>RelayNovel:DataPath</c> (default), or PostgreSQL at <c>RelayNovel:PostgresConnection</c>, whose schema is
/// brought up to date as the host starts so an unreachable database stops the app there, not at the first room.
/// </summary>
public static class StoryStoreServices
{
    public const string LiteDb = "litedb";
    public const string Postgres = "postgres";

    public static IServiceCollection AddStoryStore(this IServiceCollection services, IConfiguration configuration)
    {
        // Binding again beside AddRoomCore's is harmless (the same values); the store checks are one validator, added once.
        services.AddOptions<RelayNovelOptions>().Bind(configuration.GetSection(RelayNovelOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RelayNovelOptions>, StoryStoreOptionsValidation>());
        services.TryAddSingleton<IStoryStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RelayNovelOptions>>().Value;
            if (IsPostgres(options))
            {
                return new PostgresStoryStore(options.PostgresConnection!);
            }
            var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            return new LiteDbStoryStore(Path.IsPathRooted(options.DataPath) ? options.DataPath : Path.Combine(root, options.DataPath));
        });
        services.AddHostedService<StoryStoreStartup>();
        return services;
    }

    public static bool IsPostgres(RelayNovelOptions options) =>
        string.Equals(options.Store, Postgres, StringComparison.OrdinalIgnoreCase);
}
