namespace RelayNovel.Inference.Generation;

/// <summary>Why a generation ended; <see cref="None"/> on every chunk but the last.</summary>
public enum FinishReason
{
    None,
    MaxTokens,
    EndOfText,
    StopString,
    SentenceEnd,
    Cancelled,
}
