using Google.Protobuf;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Onnx.Proto;

namespace RelayNovel.Inference.Onnx.Quantization;

/// <summary>
/// Writes a copy of a model folder with quantized weights (<c>relaynovel quantize</c>): int8/int4 weight-only
/// MatMulNBits (LM head included) or fp16. The result is an ordinary model folder: config.json, tokenizer.json and
/// the other files copied, the quantization recorded in model.onnx's metadata and in MODEL_CARD.md.
/// </summary>
public static class ModelQuantizer
{
    public static QuantizationReport Quantize(string fromDir, string toDir, QuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Kind == QuantizationKind.Fp32)
        {
            throw new ArgumentException("Quantizing to fp32 changes nothing; choose int8, int4 or fp16.", nameof(options));
        }

        var source = ModelFolder.Open(fromDir);
        var target = Path.GetFullPath(toDir);
        if (string.Equals(target.TrimEnd(Path.DirectorySeparatorChar), source.Directory.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
        {
            throw new ArgumentException("The quantized model needs its own folder: --to must differ from --model.", nameof(toDir));
        }

        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new IOException($"The folder '{target}' exists and is not empty; choose a new folder for the quantized model.");
        }

        ModelProto model;
        using (var stream = File.OpenRead(source.OnnxPath))
        {
            model = ModelProto.Parser.ParseFrom(stream);
        }

        // An unmarked third-party export (Optimum) is fine as long as it is not already reduced.
        var current = QuantizationMetadata.Of(model);
        if (current == QuantizationMetadata.Unknown && IsReduced(model.Graph))
        {
            current = "already reduced (fp16 weights or MatMulNBits)";
        }

        if (current != QuantizationKind.Fp32.Name() && current != QuantizationMetadata.Unknown)
        {
            throw new ModelLoadException(
                $"{source.OnnxPath} is {current}, not fp32; quantize from the fp32 model folder (a model is quantized once, from full precision).");
        }

        var (matMuls, halves, embedding) = Rewrite(model, options, source.OnnxPath);
        QuantizationMetadata.Write(model, options.Kind);

        // Everything is written beside the target first and moved into place at the end: a failure leaves no half folder.
        var partial = $"{target}.partial-{Guid.NewGuid():N}";
        Directory.CreateDirectory(partial);
        try
        {
            foreach (var file in Directory.EnumerateFiles(source.Directory))
            {
                var name = Path.GetFileName(file);
                if (name is not (ModelFolder.OnnxFile or ModelFolder.ModelCardFile))
                {
                    File.Copy(file, Path.Combine(partial, name));
                }
            }

            using (var stream = new FileStream(Path.Combine(partial, ModelFolder.OnnxFile), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                model.WriteTo(stream);
            }

            var report = new QuantizationReport(options.Kind, options.BlockSize, options.AccuracyLevel, matMuls, halves, embedding,
                new FileInfo(source.OnnxPath).Length, new FileInfo(Path.Combine(partial, ModelFolder.OnnxFile)).Length, target);
            var card = Path.Combine(source.Directory, ModelFolder.ModelCardFile);
            File.WriteAllText(Path.Combine(partial, ModelFolder.ModelCardFile),
                QuantizedModelCard.Write(File.Exists(card) ? File.ReadAllText(card) : null, source.Name, report));

            if (Directory.Exists(target)) Directory.Delete(target);
            Directory.Move(partial, target);
            return report;
        }
        catch
        {
            Directory.Delete(partial, recursive: true);
            throw;
        }
    }

    private static bool IsReduced(GraphProto graph) =>
        graph.Initializer.Any(t => t.DataType == (int)TensorProto.Types.DataType.Float16)
        || graph.Node.Any(n => n.Domain == MatMulNBitsRewriter.MicrosoftDomain && n.OpType is "MatMulNBits" or "GatherBlockQuantized");

    private static (int MatMuls, int Halves, bool Embedding) Rewrite(ModelProto model, QuantizationOptions options, string onnxPath)
    {
        try
        {
            if (options.Kind == QuantizationKind.Fp16)
            {
                return (0, Fp16Rewriter.Rewrite(model.Graph), false);
            }

            var matMuls = MatMulNBitsRewriter.Rewrite(model.Graph, options.Kind.Bits()!.Value, options.BlockSize, options.AccuracyLevel);
            if (matMuls == 0)
            {
                throw new ModelLoadException($"{onnxPath} has no MatMul with an fp32 weight initializer; there is nothing to quantize.");
            }

            if (!model.OpsetImport.Any(o => o.Domain == MatMulNBitsRewriter.MicrosoftDomain))
            {
                model.OpsetImport.Add(new OperatorSetIdProto { Domain = MatMulNBitsRewriter.MicrosoftDomain, Version = 1 });
            }

            var embedding = model.Graph.Node.Any(n => n.OpType == "GatherBlockQuantized");
            return (matMuls, 0, embedding);
        }
        catch (InvalidDataException ex)
        {
            throw new ModelLoadException($"{onnxPath} cannot be quantized: {ex.Message}", ex);
        }
    }
}
