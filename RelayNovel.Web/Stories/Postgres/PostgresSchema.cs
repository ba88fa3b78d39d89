using Npgsql;

namespace RelayNovel.Web.Stories.Postgres;

/// <summary>
/// Brings a database to the newest <see cref="PostgresMigrations"/> step, once per store, before its first read or
/// write. Nodes starting together take a transaction-scoped advisory lock, so one applies the steps and the others
/// then find them recorded in <c>relaynovel_schema</c> and do nothing; a step and its record commit together. A
/// failed attempt (database down) is tried again by the next call.
/// </summary>
internal sealed class PostgresSchema(NpgsqlDataSource source)
{
    /// <summary>Any fixed number: the advisory lock's key, the same for every node of this app.</summary>
    internal const long LockKey = 0x52_4E_53_63_68_65_6D_61;   // "RNSchema"

    private readonly Lock _lock = new();
    private Task? _ready;

    /// <summary>The schema versions applied by this store's call (empty when the database was already current).</summary>
    public IReadOnlyList<int> Applied { get; private set; } = [];

    public Task EnsureAsync(CancellationToken ct)
    {
        Task ready;
        lock (_lock)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
            {
                // Not the caller's token: one caller giving up must not fail the migration the others wait on.
                _ready = MigrateAsync(CancellationToken.None);
            }
            ready = _ready;
        }
        return ready.WaitAsync(ct);
    }

    private async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var lockAndTable = new NpgsqlBatch(connection, transaction))
        {
            lockAndTable.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)") { Parameters = { new() { Value = LockKey } } });
            lockAndTable.BatchCommands.Add(new NpgsqlBatchCommand(
                "CREATE TABLE IF NOT EXISTS relaynovel_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"));
            await lockAndTable.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        var done = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT version FROM relaynovel_schema", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                done.Add(reader.GetInt32(0));
            }
        }
        var applied = new List<int>();
        foreach (var (version, sql) in PostgresMigrations.Steps.Where(s => !done.Contains(s.Version)))
        {
            // One command of several statements: Npgsql splits it (a batch command must be a single statement).
            await using (var step = new NpgsqlCommand(sql, connection, transaction))
            {
                await step.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            await using (var record = new NpgsqlCommand("INSERT INTO relaynovel_schema (version) VALUES ($1)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter { Value = version });
                await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            applied.Add(version);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        Applied = applied;
    }
}
