namespace RelayNovel.Cli;

/// <summary>Entry point of the <c>relaynovel</c> command line; verbs are dispatched here.</summary>
public static class CliApp
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("usage: relaynovel <tokenize|generate|convert|random-model|bench> [options]");
        return args.Length == 0 ? 2 : 2;
    }
}
