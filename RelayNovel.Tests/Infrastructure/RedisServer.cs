using System.Diagnostics;
using System.Net.Sockets;

namespace RelayNovel.Tests.Infrastructure;

/// <summary>
/// A real Redis server from Debian's redis-server package (tools/test.sh installs it), started by the tests on a free
/// loopback port with its folder in the temporary directory and no persistence. <see cref="Shared"/> is started once
/// per test run and stopped, by its own process, when the test process exits; tests keep apart by their own cluster
/// ids and client addresses.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private static readonly Lazy<RedisServer> SharedServer = new(() =>
    {
        var server = Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    });

    private readonly Process _process;
    private readonly string _folder;

    private RedisServer(Process process, string folder, int port)
    {
        (_process, _folder, Port) = (process, folder, port);
    }

    public static RedisServer Shared => SharedServer.Value;

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string (what RelayNovel:Cluster:Redis takes).</summary>
    public string Connection => $"127.0.0.1:{Port}";

    public static RedisServer Start()
    {
        var binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is missing: install Debian's redis-server (tools/test.sh does).");
        var folder = Path.Combine(Path.GetTempPath(), "relaynovel-redis-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var port = FreePorts.Next();
        var process = Process.Start(new ProcessStartInfo(binary, ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1", "--dir", folder, "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };   // drained, so the server never blocks on a full pipe
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, folder, port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!server.Answers())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                server.Dispose();
                throw new InvalidOperationException($"redis-server did not answer on port {port}.");
            }
            Thread.Sleep(50);   // start-up has no event to await; bounded by the deadline above
        }
        return server;
    }

    /// <summary>Stops this server's own process (never one found by name) and deletes its folder.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held: the temporary folder is cleaned by the system
        }
    }

    private bool Answers()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            using var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var reply = new byte[7];
            return stream.Read(reply) > 0 && reply[0] == (byte)'+';
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
