namespace RelayNovel.Inference.Checkpoints;

/// <summary>
/// A checkpoint, config or model file that cannot be used as it is. The message names the file and
/// what is wrong with it, so the user can fix the input rather than read a stack trace.
/// </summary>
public sealed class CheckpointFormatException : Exception
{
    public CheckpointFormatException(string message) : base(message) { }

    public CheckpointFormatException(string message, Exception inner) : base(message, inner) { }
}
