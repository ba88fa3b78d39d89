using Npgsql;

namespace RelayNovel.Web.Stories.Postgres;

/// <summary>Batch commands with positional parameters ($1, $2...): Npgsql sends them as written, without parsing the SQL.</summary>
internal static class PostgresCommands
{
    public static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return command;
    }
}
