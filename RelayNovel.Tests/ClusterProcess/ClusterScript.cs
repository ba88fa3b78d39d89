using System.Diagnostics;
using System.Text.RegularExpressions;
using RelayNovel.Tests.Infrastructure;

namespace RelayNovel.Tests.ClusterProcess;

/// <summary>
/// <c>tools/cluster.sh</c> run as a person runs it, on the app this test run built (<c>--app</c>), with its state in a
/// folder of its own: <see cref="UpAsync"/> parses the lines it prints, <see cref="DownAsync"/> stops what it started.
/// </summary>
public sealed partial class ClusterScript
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "relaynovel-cluster-test-" + Guid.NewGuid().ToString("N")[..12]);

    public IReadOnlyDictionary<string, (Uri Url, int Pid)> Nodes { get; private set; } = new Dictionary<string, (Uri, int)>();

    public Uri? Balancer { get; private set; }

    /// <summary>What the script printed on stderr (shown when a step fails).</summary>
    public string Errors { get; private set; } = "";

    /// <summary>The app folder of this build (RelayNovel.Web/bin/CONFIGURATION/TFM), beside the tests' own.</summary>
    public static string AppFolder()
    {
        var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (tests.Name, tests.Parent!.Name);
        return Path.Combine(Ops.DeploymentFiles.RepositoryRoot, "RelayNovel.Web", "bin", configuration, framework);
    }

    public async Task UpAsync(int nodes)
    {
        var (code, output) = await RunAsync(["up", "--nodes", nodes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--app", AppFolder()]);
        if (code != 0)
        {
            throw new InvalidOperationException($"cluster.sh up exited {code}: {Errors}");
        }
        var parsed = new Dictionary<string, (Uri, int)>(StringComparer.Ordinal);
        foreach (var line in output)
        {
            if (NodeLine().Match(line) is { Success: true } node)
            {
                parsed[node.Groups[1].Value] = (new Uri(node.Groups[2].Value), int.Parse(node.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (BalancerLine().Match(line) is { Success: true } lb)
            {
                Balancer = new Uri(lb.Groups[1].Value);
            }
            else
            {
                throw new InvalidOperationException($"cluster.sh up printed a line of neither form: '{line}'");
            }
        }
        Nodes = parsed;
    }

    /// <summary>The last lines a node logged (for a failed test's output).</summary>
    public string LogTail(string name, int lines = 60)
    {
        var path = Path.Combine(_state, name + ".log");
        return File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(lines)) : $"(no log at {path})";
    }

    /// <summary>Runs <c>restart NAME</c> for a node that stopped; the PID of the node it started again.</summary>
    public async Task<int> RestartAsync(string name)
    {
        var (code, output) = await RunAsync(["restart", name]);
        var node = output.Select(l => NodeLine().Match(l)).SingleOrDefault(m => m.Success && m.Groups[1].Value == name)
            ?? throw new InvalidOperationException($"cluster.sh restart {name} exited {code} without a node line: {Errors}");
        var pid = int.Parse(node.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture);
        Nodes = new Dictionary<string, (Uri, int)>(Nodes, StringComparer.Ordinal) { [name] = (new Uri(node.Groups[2].Value), pid) };
        return pid;
    }

    /// <summary>Kills a node's process outright (SIGKILL: no goodbye to the cluster), as a crash would.</summary>
    public async Task KillAsync(string name)
    {
        var pid = Nodes[name].Pid;
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill();
        }
        // Not our child, so no WaitForExit: gone once /proc has no live entry (a zombie's state is Z until reaped).
        await Deadline.UntilAsync(() => Gone(pid), $"{name} (pid {pid}) to die");
    }

    private static bool Gone(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(") ")[^1].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;   // no /proc entry: reaped
        }
    }

    /// <summary>Runs <c>down</c>; the names and PIDs it reports stopping.</summary>
    public async Task<IReadOnlyList<(string Name, int Pid)>> DownAsync()
    {
        var (code, output) = await RunAsync(["down"]);
        if (code != 0)
        {
            throw new InvalidOperationException($"cluster.sh down exited {code}: {Errors}");
        }
        return [.. output.Select(l => StoppedLine().Match(l)).Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)))];
    }

    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private async Task<(int Code, List<string> Output)> RunAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Ops.DeploymentFiles.RepositoryRoot, "tools", "cluster.sh"), .. arguments])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["RELAYNOVEL_CLUSTER_STATE"] = _state;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        Errors = await errors;
        return (process.ExitCode, [.. (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);
    }

    [GeneratedRegex(@"^node (\S+) (\S+) pid (\d+)$")]
    private static partial Regex NodeLine();

    [GeneratedRegex(@"^lb (http://\S+)$")]
    private static partial Regex BalancerLine();

    [GeneratedRegex(@"^stopped (\S+) pid (\d+)$")]
    private static partial Regex StoppedLine();
}
