using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace RelayNovel.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server from Debian's packages, started by the tests: a fresh cluster (initdb) in a temporary
/// folder owned by the postgres user, listening on loopback on a free port with its socket in that folder, trust
/// authentication. <see cref="Shared"/> is started once per test run and stopped, through its own postmaster.pid,
/// when the test process exits; each test gets an empty database of its own (<see cref="Database"/>).
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private static readonly Lazy<PostgresServer> SharedServer = new(() =>
    {
        var server = Start(durable: false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    });

    private readonly ConcurrentDictionary<string, string> _databases = new();
    private readonly string _folder;
    private readonly string _bin;
    private int _stopped;

    private PostgresServer(string folder, string bin, int port)
    {
        (_folder, _bin, Port) = (folder, bin, port);
    }

    /// <summary>The server the store tests share (without fsync: nothing in them survives a crash of the machine).</summary>
    public static PostgresServer Shared => SharedServer.Value;

    public int Port { get; }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database }.ConnectionString;

    /// <summary>
    /// The connection string of the database kept for <paramref name="key"/> (a test's folder), created empty on first
    /// use: asked again with the same key, it is the same one, which is how a reopened store finds its rooms. Each is a
    /// schema of its own in one database (the connection's search path), as good as a database to a store and far
    /// cheaper to make and to delete with the server.
    /// </summary>
    public string Database(string key) => _databases.GetOrAdd(key, k =>
    {
        var name = "t_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(k)))[..24];
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE SCHEMA {name}", connection);
        create.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { SearchPath = name }.ConnectionString;
    });

    /// <summary>
    /// Starts a server of its own (a measurement's, with <paramref name="durable"/> = true for the fsync a production
    /// server does); the caller disposes it.
    /// </summary>
    public static PostgresServer Start(bool durable)
    {
        var bin = FindBinaries();
        var folder = Path.Combine(Path.GetTempPath(), "relaynovel-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var asPostgres = Environment.UserName == "root";   // the server refuses to run as root
        if (asPostgres)
        {
            Run("chown", ["postgres:postgres", folder], asPostgres: false);
        }
        var data = Path.Combine(folder, "data");
        Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], asPostgres);
        var port = FreePorts.Next();
        var settings = $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder} -c max_connections=200"
            + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "-o", settings, "start"], asPostgres);
        return new PostgresServer(folder, bin, port);
    }

    /// <summary>
    /// Stops this server through its own postmaster.pid (pg_ctl stop; never by name), then deletes its folder. Both run
    /// in a shell left on its own (it forks and exits, so it is no child of ours): the test runner ends an exiting test
    /// process, and the children it can find, sooner than a cluster's thousand files could be deleted.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        var stop = (Environment.UserName == "root" ? "runuser -u postgres -- " : "") + "\"$2\" -D \"$1/data\" -m immediate -w stop";
        using var cleanup = Process.Start(new ProcessStartInfo("sh", ["-c", $"( {stop}; rm -rf -- \"$1\" ) >/dev/null 2>&1 &", "sh", _folder, Path.Combine(_bin, "pg_ctl")])
        {
            UseShellExecute = false,
        });
        cleanup?.WaitForExit(TimeSpan.FromSeconds(5));
    }

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL server binaries are missing (no /usr/lib/postgresql/*/bin/initdb): install Debian's postgresql " +
            "(tools/test.sh does) — the store tests start their own server.");
    }

    private static void Run(string file, IReadOnlyList<string> arguments, bool asPostgres, bool check = true)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(prefix);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill();
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in 90 s.");
        }
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {output.Result}{error.Result}");
        }
    }
}
