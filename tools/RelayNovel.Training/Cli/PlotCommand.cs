using System.Globalization;
using System.Text;

namespace RelayNovel.Training.Cli;

/// <summary>`plot --run RUN --out loss.svg`: training and validation loss against steps, as a plain SVG.</summary>
internal static class PlotCommand
{
    private const int Width = 800, Height = 480, Left = 70, Right = 20, Top = 40, Bottom = 50;

    public static int Run(Options o)
    {
        var run = o.Require("run");
        var rows = File.ReadAllLines(Path.Combine(run, "metrics.csv")).Select(l => l.Split(',')).ToList();
        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        var train = rows.Where(r => r[0] == "train").Select(r => (Step: D(r[1]), Loss: D(r[3]))).ToList();
        var val = rows.Where(r => r[0] == "val").Select(r => (Step: D(r[1]), Loss: D(r[3]))).ToList();
        File.WriteAllText(o.Require("out"), Svg(train, val, o.Str("title", "Training loss")));
        return 0;
    }

    internal static string Svg(List<(double Step, double Loss)> train, List<(double Step, double Loss)> val, string title)
    {
        var all = train.Concat(val).ToList();
        double maxStep = all.Max(p => p.Step), minLoss = Math.Floor(all.Min(p => p.Loss)), maxLoss = Math.Ceiling(all.Max(p => p.Loss));
        string X(double step) => (Left + (step / maxStep * (Width - Left - Right))).ToString("F1", CultureInfo.InvariantCulture);
        string Y(double loss) => (Top + ((maxLoss - loss) / (maxLoss - minLoss) * (Height - Top - Bottom))).ToString("F1", CultureInfo.InvariantCulture);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"13\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n<text x=\"{Width / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">{title}</text>\n");
        for (var l = minLoss; l <= maxLoss; l += 0.5)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(l)}\" y2=\"{Y(l)}\" stroke=\"#ddd\"/><text x=\"{Left - 8}\" y=\"{Y(l)}\" text-anchor=\"end\" dy=\"4\">{l:F1}</text>\n");
        }

        var stepTick = Math.Pow(10, Math.Floor(Math.Log10(maxStep))) / (maxStep < 2 * Math.Pow(10, Math.Floor(Math.Log10(maxStep))) ? 4 : 1);
        for (var s = 0.0; s <= maxStep; s += stepTick)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(s)}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{s:F0}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 10}\" text-anchor=\"middle\">step</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"18\" y=\"{Height / 2}\" transform=\"rotate(-90 18 {Height / 2})\" text-anchor=\"middle\">loss (nats/token)</text>\n");
        svg.Append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"")
            .AppendJoin(' ', train.Select(p => $"{X(p.Step)},{Y(p.Loss)}")).Append("\"/>\n");
        svg.Append("<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" points=\"")
            .AppendJoin(' ', val.Select(p => $"{X(p.Step)},{Y(p.Loss)}")).Append("\"/>\n");
        foreach (var p in val)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(p.Step)}\" cy=\"{Y(p.Loss)}\" r=\"4\" fill=\"#d62728\"/>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right - 10}\" y=\"{Top + 20}\" text-anchor=\"end\" fill=\"#1f77b4\">training (mean of 10 steps)</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right - 10}\" y=\"{Top + 38}\" text-anchor=\"end\" fill=\"#d62728\">held-out works</text>\n</svg>\n");
        return svg.ToString();
    }
}
