namespace RelayNovel.Training.Cli;

/// <summary>Verb dispatch for relaynovel-train.</summary>
internal static class TrainCli
{
    private const string Usage = """
        usage: relaynovel-train <verb> [options]
          tokenizer --vocab 8000,16000 [--out DIR] [--corpus DIR]   measure chars/token per vocabulary size
          prepare   --out RUN [--vocab 8000 | --tokenizer FILE]       split corpus, train tokenizer, encode
          train     --run RUN [--layers 6 --embd 256 --heads 8 --ctx 256 --batch 8 --lr 8e-4
                    --budget-minutes 90 | --max-steps N] [--init-from HF_DIR] [--resume]
          export    --run RUN --out HF_DIR                            HF checkpoint from the last checkpoint
          eval      --run RUN [--hf HF_DIR] [--text FILE --max-chars N] held-out loss, perplexity, bits/char
          plot      --run RUN --out loss.svg                          loss curve from RUN/metrics.csv
        """;

    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var options = new Options(args.Skip(1));
        return args[0] switch
        {
            "tokenizer" => TokenizerCommand.Run(options),
            "prepare" => PrepareCommand.Run(options),
            "train" => TrainCommand.Run(options),
            "export" => ExportCommand.Run(options),
            "eval" => EvalCommand.Run(options),
            "plot" => PlotCommand.Run(options),
            _ => Fail(),
        };
    }

    private static int Fail()
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
