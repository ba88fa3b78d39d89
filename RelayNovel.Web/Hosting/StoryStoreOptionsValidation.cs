using Microsoft.Extensions.Options;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// Refuses, at start, a store setting the app could only fail on later: an unknown <see cref="RelayNovelOptions.Store"/>,
/// or "postgres" without a connection string.
/// </summary>
public sealed class StoryStoreOptionsValidation : IValidateOptions<RelayNovelOptions>
{
    public ValidateOptionsResult Validate(string? name, RelayNovelOptions options)
    {
        if (StoryStoreServices.IsPostgres(options))
        {
            return string.IsNullOrWhiteSpace(options.PostgresConnection)
                ? ValidateOptionsResult.Fail(
                    "RelayNovel:Store is \"postgres\" but RelayNovel:PostgresConnection is empty: set it to an Npgsql connection string " +
                    "(Host=...;Port=...;Database=...;Username=...;Password=...), or set RelayNovel:Store to \"litedb\".")
                : ValidateOptionsResult.Success;
        }
        return string.Equals(options.Store, StoryStoreServices.LiteDb, StringComparison.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"RelayNovel:Store is \"{options.Store}\": it must be \"litedb\" (the default) or \"postgres\".");
    }
}
