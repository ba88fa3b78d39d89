using System.Text;
using RelayNovel.Inference.Generation;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// Collects a continuation chunk by chunk and applies the stop strings: text that could still turn into a stop
/// string is held back, so no part of one is ever sent.
/// </summary>
public sealed class ContinueText(IReadOnlyList<string>? stop)
{
    private readonly StopStringMatcher _stops = new(stop ?? []);
    private readonly StringBuilder _text = new();

    public string Text => _text.ToString();

    public int Tokens { get; private set; }

    /// <summary>Set when the generation ended (the model's reason, or StopString).</summary>
    public string? FinishReason { get; private set; }

    /// <summary>Takes a chunk; returns the text that may be shown now.</summary>
    public string Add(AiChunk chunk)
    {
        Tokens += chunk.Tokens;
        var shown = _stops.Push(chunk.Text);
        if (_stops.Stopped)
        {
            FinishReason ??= "StopString";
        }
        else if (chunk.Finish is not null)
        {
            shown += _stops.Flush();
            FinishReason = chunk.Finish;
        }
        _text.Append(shown);
        return shown;
    }

    /// <summary>The generation ended without a final chunk (cancelled before it ran).</summary>
    public void EndWithout(string reason) => FinishReason ??= reason;
}
