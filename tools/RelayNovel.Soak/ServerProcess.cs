using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RelayNovel.Soak;

/// <summary>
/// The real app as its own process, started the way the README runs it but from the already-built output
/// (<c>dotnet RelayNovel.Web.dll --urls ...</c>), on a given LiteDB file and model folder. <see cref="Kill"/> is
/// SIGKILL on Linux: no shutdown hooks, no flush, exactly what a crash leaves behind.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Resident memory in bytes, or null once the process is gone.</summary>
    public long? ResidentBytes() => _process.HasExited ? null : ResidentBytes(_process.Id);

    /// <summary>A process's resident memory from /proc (Linux), or null where that is not available.</summary>
    public static long? ResidentBytes(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status))
        {
            return null;
        }
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kb = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return long.TryParse(kb, out var value) ? value * 1024 : null;
    }

    /// <summary>The last part of the app's console output, for failure messages.</summary>
    public string OutputTail
    {
        get
        {
            lock (_output)
            {
                var text = _output.ToString();
                return text.Length <= 4000 ? text : text[^4000..];
            }
        }
    }

    /// <summary>Starts the app and waits until it answers HTTP. <paramref name="settings"/>: more RelayNovel:* settings.</summary>
    public static async Task<ServerProcess> StartAsync(string dataPath, string? modelPath, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var web = WebAppFolder();
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = web.ContentRoot,
        };
        foreach (var arg in new[] { web.Dll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", web.ContentRoot })
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";   // static assets resolve from the build output
        info.Environment["RelayNovel__DataPath"] = dataPath;
        if (modelPath is not null)
        {
            info.Environment["RelayNovel__ModelPath"] = modelPath;   // otherwise the app finds the embedded onnx/ model
        }
        info.Environment["RelayNovel__ExecutionProvider"] = "Cpu";
        info.Environment["RelayNovel__Cluster__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture);   // its own silo, beside other test apps
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment["RelayNovel__" + key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var app = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitUntilServingAsync(timeout ?? TimeSpan.FromSeconds(90));
        }
        catch
        {
            app.Dispose();
            throw;
        }
        return app;
    }

    /// <summary>SIGKILL, then waits for the process to be gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var end = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {_process.ExitCode} while starting:\n{OutputTail}");
            }
            try
            {
                // Any answer from the API (a 404 problem for a room that does not exist) means it serves.
                using var response = await client.GetAsync("api/rooms/AAAAAAAAAAAAAAAAAAAAAA");
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > end)
            {
                throw new TimeoutException($"The app did not answer within {timeout.TotalSeconds:F0} s:\n{OutputTail}");
            }
            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > 64_000)
            {
                _output.Remove(0, _output.Length - 32_000);   // a long soak keeps only the recent output
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>RelayNovel.Web's own build output in the same configuration as the caller's build, and its project folder.</summary>
    private static (string Dll, string ContentRoot) WebAppFolder()
    {
        var callerBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = callerBin.Name;
        var configuration = callerBin.Parent!.Name;
        var root = callerBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "RelayNovel.sln")))
        {
            root = root.Parent;
        }
        if (root is null)
        {
            throw new InvalidOperationException($"No RelayNovel.sln above {AppContext.BaseDirectory}.");
        }
        var contentRoot = Path.Combine(root.FullName, "RelayNovel.Web");
        var dll = Path.Combine(contentRoot, "bin", configuration, framework, "RelayNovel.Web.dll");
        return File.Exists(dll) ? (dll, contentRoot)
            : throw new InvalidOperationException($"{dll} is missing: build RelayNovel.Web ({configuration}) first.");
    }
}
