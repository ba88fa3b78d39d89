using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Cli;

/// <summary>
/// Entry point of the <c>relaynovel</c> command line. Exit codes: 0 success, 1 the work failed (bad model,
/// bad input file), 2 the command line is wrong.
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    private const string UsageText = """
        usage: relaynovel <verb> [options]
          tokenize     --tokenizer PATH                  JSON lines {"text": ...} on stdin -> {"ids": [...], "decoded": ...}
          generate     [--model DIR] --prompt TEXT [--max-tokens N] [--seed N] [--temperature T] [--top-k K] [--top-p P]
                       [--min-tokens N] [--repetition-penalty R] [--no-repeat-ngram N] [--stop TEXT]... [--end-at-sentence N] [--threads N] [--cpu]
          convert      --from HF_DIR|MODEL_DIR --to DIR [--fused]
          random-model --preset kogpt2|small --to DIR [--seed N] [--fused]
          quantize     [--model DIR] --to DIR (--bits 8|4 | --fp16) [--block-size N] [--accuracy-level 0-4]
          eval         [--model DIR] --text FILE [--json] [--threads N] [--cpu]
          bench        [--model DIR] [--prompt-tokens N] [--new-tokens N] [--batch N[,N...]] [--kv-context N] [--bandwidth-mb N] [--threads N] [--cpu] [--json]
        --model defaults to the repository's onnx/ folder.
        """;

    /// <summary>Runs one command with the given streams (tests call this instead of spawning a process).</summary>
    public static int Run(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, stdin, stdout, stderr).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Count == 0 ? stderr : stdout).WriteLine(UsageText);
            return args.Count == 0 ? Usage : Ok;
        }

        var rest = args.Skip(1).ToArray();
        try
        {
            return args[0] switch
            {
                "tokenize" => TokenizeCommand.Run(rest, stdin, stdout, stderr),
                "generate" => await GenerateCommand.RunAsync(rest, stdout, stderr, ct).ConfigureAwait(false),
                "convert" => ConvertCommand.Run(rest, stdout),
                "random-model" => RandomModelCommand.Run(rest, stdout),
                "bench" => BenchCommand.Run(rest, stdout, stderr),
                "quantize" => QuantizeCommand.Run(rest, stdout),
                "eval" => EvalCommand.Run(rest, stdout),
                _ => throw new UsageException($"unknown verb '{args[0]}'"),
            };
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"relaynovel: {ex.Message}");
            stderr.WriteLine(UsageText);
            return Usage;
        }
        catch (Exception ex) when (ex is ModelLoadException or CheckpointFormatException or TokenizerFormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            stderr.WriteLine($"relaynovel {args[0]}: {ex.Message}");
            return Failed;
        }
    }
}
