using System.Text;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// Collects a continuation chunk by chunk and applies the stop strings: text that could still turn into a stop
/// string is held back, so no part of one is ever sent.
/// </summary>
public sealed class ContinueText(IReadOnlyList<string>? stop)
{
    private readonly IReadOnlyList<string> _stop = stop ?? [];
    private readonly StringBuilder _text = new();
    private string _held = "";

    public string Text => _text.ToString();

    public int Tokens { get; private set; }

    /// <summary>Set when the generation ended (the model's reason, or StopString).</summary>
    public string? FinishReason { get; private set; }

    /// <summary>Takes a chunk; returns the text that may be shown now.</summary>
    public string Add(AiChunk chunk)
    {
        Tokens += chunk.Tokens;
        var buffer = _held + chunk.Text;
        var cut = _stop.Select(s => buffer.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        string shown;
        if (cut >= 0)
        {
            shown = buffer[..cut];
            _held = "";
            FinishReason = "StopString";
        }
        else if (chunk.Finish is not null)
        {
            shown = buffer;
            _held = "";
            FinishReason = chunk.Finish;
        }
        else
        {
            var hold = _stop.Select(s => HeldLength(buffer, s)).DefaultIfEmpty(0).Max();
            shown = buffer[..^hold];
            _held = buffer[^hold..];
        }
        _text.Append(shown);
        return shown;
    }

    /// <summary>The generation ended without a final chunk (cancelled before it ran).</summary>
    public void EndWithout(string reason) => FinishReason ??= reason;

    /// <summary>How much of the end of <paramref name="buffer"/> is the start of <paramref name="stop"/>.</summary>
    private static int HeldLength(string buffer, string stop)
    {
        for (var length = Math.Min(stop.Length - 1, buffer.Length); length > 0; length--)
        {
            if (buffer.AsSpan(buffer.Length - length).SequenceEqual(stop.AsSpan(0, length)))
            {
                return length;
            }
        }
        return 0;
    }
}
