namespace RelayNovel.Inference.Generation;

/// <summary>A model folder is missing, incomplete, corrupt or inconsistent; the message says which and why.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException()
    {
    }

    public ModelLoadException(string message)
        : base(message)
    {
    }

    public ModelLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
