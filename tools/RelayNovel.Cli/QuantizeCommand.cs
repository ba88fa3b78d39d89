using RelayNovel.Inference.Onnx.Quantization;

namespace RelayNovel.Cli;

/// <summary>
/// <c>quantize --model DIR --to DIR (--bits 8|4 | --fp16) [--block-size N] [--accuracy-level 0-4]</c>: a copy of the model folder with
/// weight-only block-quantized MatMuls (LM head included) or fp16 weights, loadable wherever a model folder is.
/// </summary>
internal static class QuantizeCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var a = CliArguments.Parse(args, ["model", "to", "bits", "block-size", "accuracy-level"], ["fp16"]);
        var to = a.Required("to");
        var bits = a.Int("bits");
        var kind = (bits, a.Flag("fp16")) switch
        {
            (null, true) => QuantizationKind.Fp16,
            (8, false) => QuantizationKind.Int8,
            (4, false) => QuantizationKind.Int4,
            (null, false) => throw new UsageException("choose --bits 8, --bits 4 or --fp16"),
            (_, true) => throw new UsageException("--bits and --fp16 exclude each other"),
            _ => throw new UsageException($"option '--bits' needs 8 or 4, got '{bits}'"),
        };

        var options = new QuantizationOptions(kind);
        if (a.Int("block-size", 16, 4096) is { } blockSize)
        {
            if ((blockSize & (blockSize - 1)) != 0) throw new UsageException($"option '--block-size' needs a power of two, got {blockSize}");
            options = options with { BlockSize = blockSize };
        }

        if (a.Int("accuracy-level", 0, 4) is { } level)
        {
            options = options with { AccuracyLevel = level };
        }

        var report = ModelQuantizer.Quantize(ModelLocator.Resolve(a.String("model")), to, options);
        var what = kind == QuantizationKind.Fp16
            ? $"{report.Fp16Initializers} initializers as fp16"
            : $"{report.MatMuls} MatMuls as {kind.Bits()}-bit blocks of {report.BlockSize}{(report.EmbeddingQuantized ? ", embedding lookup from the same bytes" : string.Empty)}";
        stdout.WriteLine($"quantized -> {report.Directory} ({kind.Name()}: {what}); model.onnx {report.SourceBytes / 1e6:F1} MB -> {report.QuantizedBytes / 1e6:F1} MB");
        return CliApp.Ok;
    }
}
