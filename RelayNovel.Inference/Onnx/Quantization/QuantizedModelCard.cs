using System.Globalization;
using System.Text;

namespace RelayNovel.Inference.Onnx.Quantization;

/// <summary>The quantized folder's MODEL_CARD.md: a new title and a quantization section, then the source card.</summary>
internal static class QuantizedModelCard
{
    public static string Write(string? sourceCard, string sourceName, QuantizationReport report)
    {
        var kind = report.Kind.Name();
        var lines = (sourceCard ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var title = lines.FindIndex(l => l.StartsWith("# ", StringComparison.Ordinal));
        if (title >= 0) lines.RemoveAt(title);

        var card = new StringBuilder();
        card.Append(CultureInfo.InvariantCulture, $"# {sourceName} ({kind})\n\n");
        card.Append("## Quantization\n");
        card.Append("| | |\n|---|---|\n");
        card.Append(CultureInfo.InvariantCulture, $"| weights | **{kind}** |\n");
        if (report.Kind == QuantizationKind.Fp16)
        {
            card.Append(CultureInfo.InvariantCulture, $"| method | every fp32 initializer stored as fp16 ({report.Fp16Initializers}); compute in fp16; inputs, KV cache and logits stay fp32 (Cast at the boundary) |\n");
        }
        else
        {
            card.Append(CultureInfo.InvariantCulture, $"| method | weight-only, com.microsoft MatMulNBits, {report.Kind.Bits()} bits, blocks of {report.BlockSize} along K, scale and zero point per block (min/max) |\n");
            card.Append(CultureInfo.InvariantCulture, $"| MatMuls quantized | {report.MatMuls} (every MatMul with a weight initializer, LM head included) |\n");
            card.Append(CultureInfo.InvariantCulture, $"| token embedding | {(report.EmbeddingQuantized ? "GatherBlockQuantized over the LM head's quantized bytes (no fp32 copy)" : "fp32 table kept for the lookup")} |\n");
            card.Append(CultureInfo.InvariantCulture, $"| accuracy_level | {report.AccuracyLevel} ({(report.AccuracyLevel == 4 ? "activations quantized to int8 per block on CPU" : "fp32 activations")}) |\n");
        }

        card.Append(CultureInfo.InvariantCulture, $"| model.onnx | {report.SourceBytes / 1e6:F1} MB → {report.QuantizedBytes / 1e6:F1} MB |\n");
        card.Append(CultureInfo.InvariantCulture, $"| made by | `relaynovel quantize` (metadata key `{QuantizationMetadata.Key}` = `{kind}`) |\n\n");
        card.Append("Measure the quality cost with `relaynovel eval --model DIR --text FILE` (bits per character) on both folders. ");
        card.Append("The figures below are the source model's (fp32).\n\n");
        card.Append(CultureInfo.InvariantCulture, $"## Source model card: {sourceName}\n");
        card.Append(string.Join('\n', lines.SkipWhile(string.IsNullOrWhiteSpace)).Replace("\n## ", "\n### ", StringComparison.Ordinal));
        if (card[^1] != '\n') card.Append('\n');
        return card.ToString();
    }
}
