using Microsoft.Extensions.Options;
using Npgsql;

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
                : CheckConnectionString(options.PostgresConnection);
        }
        return string.Equals(options.Store, StoryStoreServices.LiteDb, StringComparison.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"RelayNovel:Store is \"{options.Store}\": it must be \"litedb\" (the default) or \"postgres\".");
    }

    /// <summary>Npgsql's own parser decides; its message names the bad keyword, never a password.</summary>
    private static ValidateOptionsResult CheckConnectionString(string connection)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connection);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"RelayNovel:PostgresConnection is not an Npgsql connection string: {ex.Message}");
        }
    }
}
