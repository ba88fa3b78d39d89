namespace RelayNovel.Soak;

public static class SoakProgram
{
    public static async Task<int> Main(string[] args)
    {
        SoakOptions options;
        try
        {
            options = SoakOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"{ex.Message}\n{SoakOptions.Usage}");
            return 2;
        }
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var report = await new SoakRunner(options, Console.Out).RunAsync(stop.Token);
        report.Print(Console.Out);
        return report.Errors == 0 ? 0 : 1;
    }
}
