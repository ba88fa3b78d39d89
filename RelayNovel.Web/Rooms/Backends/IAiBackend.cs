namespace RelayNovel.Web.Rooms.Backends;

/// <summary>What an AI seat writes with: the local ONNX model or a remote OpenAI-compatible chat endpoint.</summary>
public interface IAiBackend
{
    string ModelName { get; }

    /// <summary>Why the backend cannot write; null when it can.</summary>
    string? UnavailableReason { get; }

    /// <summary>Tokens the model sees at once (prompt plus new text).</summary>
    int ContextLength { get; }

    string? Provider { get; }

    void Warm();

    AiPrompt Fit(string pinned, string story, int maxNewTokens);

    IAsyncEnumerable<AiChunk> WriteAsync(AiPrompt prompt, AiSettings settings, int seed, CancellationToken ct = default);
}
