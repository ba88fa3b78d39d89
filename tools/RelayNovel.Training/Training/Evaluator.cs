using RelayNovel.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace RelayNovel.Training.Training;

/// <summary>Validation loss over consecutive windows that together predict every token after the first.</summary>
internal static class Evaluator
{
    /// <returns>Total nats and number of predicted tokens.</returns>
    public static (double Nats, long Tokens) Evaluate(Gpt2LmHeadModel model, int[] tokens, int context, int batch, int maxTokens = int.MaxValue)
    {
        var wasTraining = model.training;
        model.eval();
        double nats = 0;
        long count = 0;
        var limit = Math.Min(tokens.Length, maxTokens);
        var starts = new List<int>();
        for (var s = 0; s + 1 < limit; s += context)
        {
            starts.Add(s);
        }

        using (torch.no_grad())
        {
            for (var i = 0; i < starts.Count; i += batch)
            {
                using var scope = torch.NewDisposeScope();
                // Windows of equal length go together; the short last one runs alone.
                var group = starts.Skip(i).Take(batch).ToList();
                foreach (var same in group.GroupBy(s => Math.Min(context, limit - 1 - s)))
                {
                    var len = same.Key;
                    var x = new long[same.Count() * len];
                    var y = new long[x.Length];
                    var r = 0;
                    foreach (var s in same)
                    {
                        for (var j = 0; j < len; j++)
                        {
                            x[(r * len) + j] = tokens[s + j];
                            y[(r * len) + j] = tokens[s + j + 1];
                        }

                        r++;
                    }

                    var loss = model.Loss(torch.tensor(x, [r, len], ScalarType.Int64), torch.tensor(y, [r, len], ScalarType.Int64), sum: true);
                    nats += loss.item<float>();
                    count += x.Length;
                }
            }
        }

        model.train(wasTraining);
        return (nats, count);
    }

    public static double BitsPerChar(double nats, long chars) => nats / Math.Log(2) / chars;
}
