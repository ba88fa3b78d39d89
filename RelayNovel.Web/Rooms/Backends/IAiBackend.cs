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

    /// <summary>
    /// Admits a request for one alternative per seed of <paramref name="prompt"/>; null when the waiting line is full.
    /// <paramref name="key"/> is the fairness key (the room, or the API client).
    /// </summary>
    AiJob? TryStart(string key, Inference.Scheduling.GenerationLane lane, AiPrompt prompt, AiSettings settings, IReadOnlyList<int> seeds, Action<int>? positionChanged);
}
