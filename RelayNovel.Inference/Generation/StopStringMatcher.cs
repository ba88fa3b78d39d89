namespace RelayNovel.Inference.Generation;

/// <summary>
/// Finds stop strings in streamed text. Text that could still become a stop string is held back, so no
/// part of a stop string is ever shown to a reader.
/// </summary>
public sealed class StopStringMatcher(IReadOnlyList<string> stopStrings)
{
    private string _pending = string.Empty;

    public bool Stopped { get; private set; }

    /// <summary>Adds decoded text; returns the text that is now safe to show.</summary>
    public string Push(string text)
    {
        if (Stopped)
        {
            return string.Empty;
        }

        if (stopStrings.Count == 0)
        {
            return text;
        }

        var buffer = _pending + text;
        var first = -1;
        foreach (var stop in stopStrings)
        {
            var at = buffer.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first))
            {
                first = at;
            }
        }

        if (first >= 0)
        {
            Stopped = true;
            _pending = string.Empty;
            return buffer[..first];
        }

        var hold = LongestSuffixThatStartsAStop(buffer);
        _pending = buffer[(buffer.Length - hold)..];
        return buffer[..(buffer.Length - hold)];
    }

    /// <summary>Releases held-back text at the end of a generation that did not stop on a stop string.</summary>
    public string Flush()
    {
        var rest = Stopped ? string.Empty : _pending;
        _pending = string.Empty;
        return rest;
    }

    private int LongestSuffixThatStartsAStop(string buffer)
    {
        var best = 0;
        foreach (var stop in stopStrings)
        {
            for (var length = Math.Min(stop.Length - 1, buffer.Length); length > best; length--)
            {
                if (buffer.AsSpan(buffer.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    best = length;
                    break;
                }
            }
        }

        return best;
    }
}
