using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace RelayNovel.Tests.Api.Epub;

/// <summary>
/// Debian's EPUBCheck (package <c>epubcheck</c>, which tools/test.sh installs), the reference validator of EPUB files.
/// It is a JVM that takes seconds of CPU to start, so tests check what they need in as few runs as they can.
/// </summary>
internal static class EpubCheck
{
    public const string Jar = "/usr/share/java/epubcheck.jar";

    /// <summary>Every error, fatal error and warning EPUBCheck reports for <paramref name="epubPath"/>, one per line (empty when valid).</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(string epubPath)
    {
        Assert.True(File.Exists(Jar),
            $"EPUBCheck is not installed ({Jar} is missing): install Debian's epubcheck package (sudo apt-get install epubcheck), as tools/test.sh does.");
        var report = epubPath + ".json";
        var start = new ProcessStartInfo("java")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Client-level JIT only: the run is short, and full optimisation would cost more CPU than it saves.
        foreach (var argument in new[] { "-XX:TieredStopAtLevel=1", "-jar", Jar, epubPath, "--json", report })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("java could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var console = await output + await errors;
        Assert.True(File.Exists(report), $"EPUBCheck wrote no report (exit code {process.ExitCode}):\n{console}");
        return Problems(await File.ReadAllTextAsync(report));
    }

    private static List<string> Problems(string json)
    {
        using var document = JsonDocument.Parse(json);
        var problems = new List<string>();
        foreach (var message in document.RootElement.GetProperty("messages").EnumerateArray())
        {
            var severity = message.GetProperty("severity").GetString();
            if (severity is "ERROR" or "FATAL" or "WARNING")
            {
                var line = new StringBuilder($"{severity} {message.GetProperty("ID").GetString()}: {message.GetProperty("message").GetString()}");
                foreach (var location in message.GetProperty("locations").EnumerateArray().Take(3))
                {
                    line.Append($" [{location.GetProperty("path").GetString()}:{location.GetProperty("line")}]");
                }
                problems.Add(line.ToString());
            }
        }
        var checker = document.RootElement.GetProperty("checker");
        foreach (var count in new[] { "nFatal", "nError", "nWarning" })
        {
            if (checker.GetProperty(count).GetInt32() > 0 && problems.Count == 0)
            {
                problems.Add($"{count} = {checker.GetProperty(count).GetInt32()}");
            }
        }
        return problems;
    }
}
