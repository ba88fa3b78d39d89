using Microsoft.ML.OnnxRuntime;
using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Inference.Evaluation;

/// <summary>
/// Bits per character of a model over a text (<c>relaynovel eval</c>), computed exactly as the training tool's
/// held-out figure (<c>relaynovel-train eval --text</c>): the text is preceded by &lt;/s&gt; like a document start,
/// cut into consecutive, non-overlapping windows of n_positions tokens (stride = n_positions), and every token
/// after the first is scored from the window's tokens before it. The first tokens of each window therefore
/// see little context, which makes the figure slightly pessimistic, but it is the one the model card states.
/// </summary>
public sealed class TextScorer : IDisposable
{
    private readonly Gpt2Generator _model;

    private TextScorer(Gpt2Generator model)
    {
        _model = model;
    }

    public Gpt2Config Config => _model.Config;

    public HfTokenizer Tokenizer => _model.Tokenizer;

    public string Provider => _model.Provider;

    /// <summary>Loads a model folder the way the app does (same checks, same <see cref="ModelLoadException"/> messages).</summary>
    public static TextScorer Load(string modelDir, ExecutionProviderPreference preference = ExecutionProviderPreference.Auto, int? cpuThreads = null) =>
        new(Gpt2Generator.Load(modelDir, preference, cpuThreads: cpuThreads));

    /// <summary>A text file's content as the training tool reads it: CRLF as LF, leading and trailing newlines dropped.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n');
    }

    /// <summary>Scores <paramref name="text"/> (already <see cref="Normalize"/>d); throws <see cref="ArgumentException"/> for an empty text.</summary>
    public TextScore Score(string text, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) throw new ArgumentException("The text is empty; there is nothing to score.", nameof(text));

        int[] tokens = [Config.EosTokenId, .. Tokenizer.Encode(text)];
        var context = Config.NPositions;
        double nats = 0;
        long predicted = 0;
        for (var start = 0; start + 1 < tokens.Length; start += context)
        {
            ct.ThrowIfCancellationRequested();
            var length = Math.Min(context, tokens.Length - 1 - start);
            nats += ScoreWindow(tokens.AsSpan(start, length + 1));
            predicted += length;
        }

        return new TextScore(nats / Math.Log(2) / text.Length, predicted, text.Length, nats);
    }

    /// <summary>Nats of window[1..] given window[..^1], in one forward pass with an empty cache.</summary>
    private double ScoreWindow(ReadOnlySpan<int> window)
    {
        var length = window.Length - 1;
        var ids = new long[length];
        var positions = new long[length];
        for (var i = 0; i < length; i++)
        {
            ids[i] = window[i];
            positions[i] = i;
        }

        var mask = Enumerable.Repeat(1L, length).ToArray();
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal);
        try
        {
            inputs[ModelSignature.InputIds] = OrtValue.CreateTensorValueFromMemory(ids, [1, length]);
            inputs[ModelSignature.AttentionMask] = OrtValue.CreateTensorValueFromMemory(mask, [1, length]);
            if (_model.Signature.HasPositionIds)
            {
                inputs[ModelSignature.PositionIds] = OrtValue.CreateTensorValueFromMemory(positions, [1, length]);
            }

            foreach (var name in _model.Signature.PastNames)
            {
                inputs[name] = OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [1, Config.NHead, 0, Config.HeadDim]);
            }

            using var runOptions = new RunOptions();
            using var outputs = _model.Session.Run(runOptions, inputs, [ModelSignature.Logits]);
            var logits = outputs[0].GetTensorDataAsSpan<float>();
            var vocab = Config.VocabSize;
            double nats = 0;
            for (var i = 0; i < length; i++)
            {
                var row = logits.Slice(i * vocab, vocab);
                nats += LogSumExp(row) - row[window[i + 1]];
            }

            return nats;
        }
        finally
        {
            foreach (var value in inputs.Values)
            {
                value.Dispose();
            }
        }
    }

    private static double LogSumExp(ReadOnlySpan<float> row)
    {
        double max = float.NegativeInfinity;
        foreach (var v in row)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        foreach (var v in row)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    public void Dispose() => _model.Dispose();
}
