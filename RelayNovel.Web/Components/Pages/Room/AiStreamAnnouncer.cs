using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Components.Pages.Room;

/// <summary>
/// What the AI panel's polite live region says, worked out from the successive views of one AI turn.
/// A live region on the growing text itself makes a screen reader re-read (or queue) the whole turn at every
/// token, ~20 times a second. What a listener wants is what a sighted reader gets: to hear that the AI started,
/// then the story as it is written in whole sentences (each read once, never a half word), then that the turn
/// is over. So the region changes only at sentence and line ends and at the start and end of the turn: the
/// number of announcements follows the sentences, not the tokens.
/// </summary>
public sealed class AiStreamAnnouncer(string started, string finished)
{
    // Where a sentence (or a line) ends in Korean and English prose, including full-width marks.
    private static readonly char[] SentenceEnds = ['.', '!', '?', '…', '。', '！', '？', '\n'];

    private string _text = "";
    private int _announced;
    private bool _active;
    private string? _finishedText;

    /// <summary>The announcement now in the region (kept until the next one replaces it).</summary>
    public string Current { get; private set; } = "";

    /// <summary>Takes the panel's current view; changes <see cref="Current"/> only when there is something new to say.</summary>
    public void Observe(AiStreamView? stream)
    {
        if (stream is null)
        {
            // The turn was committed (or stopped): whatever was not yet read goes out with the end.
            if (_active)
            {
                Finish(null);
            }
            return;
        }
        if (stream.State == AiStreamState.Queued)
        {
            // Waiting (again, after a retry): the text so far was discarded, so there is nothing to finish reading.
            _active = false;
            return;
        }

        var text = stream.VisibleText;
        if (!_active && stream.State == AiStreamState.Finished && text == _finishedText)
        {
            return; // the same finished turn, rendered again
        }
        var startedNow = false;
        if (!_active || !text.StartsWith(_text, StringComparison.Ordinal))
        {
            // A new attempt (first stream, or a retry that starts over).
            _active = true;
            _text = "";
            _announced = 0;
            Current = started;
            startedNow = true;
        }
        _text = text;
        if (stream.State == AiStreamState.Finished)
        {
            Finish(startedNow ? started : null);
            return;
        }
        var end = text.LastIndexOfAny(SentenceEnds) + 1;
        if (end > _announced)
        {
            var sentences = text[_announced..end].Trim();
            _announced = end;
            if (sentences.Length > 0)
            {
                Current = startedNow ? $"{started} {sentences}" : sentences;
            }
        }
    }

    private void Finish(string? prefix)
    {
        var rest = _text[_announced..].Trim();
        Current = string.Join(' ', new[] { prefix, rest, finished }.Where(part => !string.IsNullOrEmpty(part)));
        _finishedText = _text;
        _active = false;
        _text = "";
        _announced = 0;
    }
}
