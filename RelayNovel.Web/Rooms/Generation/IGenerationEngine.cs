namespace RelayNovel.Web.Rooms.Generation;

/// <summary>
/// What a room's owner asks for an AI continuation through. Today <see cref="AiModel"/> (the in-process batch engine
/// on the local model, or a remote chat endpoint); in a cluster an inference service plugs in here. The answer is an
/// <see cref="AiJob"/>: its place in line, then each alternative's chunks with the time each was generated, which the
/// room's owner turns back into commands on its own scheduler.
/// </summary>
public interface IGenerationEngine
{
    /// <summary>The model's public name; "—" when none can write.</summary>
    string ModelName { get; }

    /// <summary>Why no AI turn can be written; null when one can.</summary>
    string? UnavailableReason { get; }

    /// <summary>Tokens the model sees at once (prompt plus new text).</summary>
    int ContextLength { get; }

    /// <summary>The engine's waiting line now (its length and how long it may grow), for the "AI is busy" notice.</summary>
    AiQueueLoad Load { get; }

    /// <summary>The prompt for a turn: the pinned part whole, then as much of the story's end as fits beside the new tokens.</summary>
    Task<AiPrompt> FitAsync(string pinned, string story, int maxNewTokens);

    /// <summary>
    /// Admits one room's request, one alternative per seed, fair across rooms; null when the waiting line is full.
    /// <paramref name="positionChanged"/> hears the request's place in line, and 0 when it starts.
    /// </summary>
    AiJob? TryStart(string roomId, AiPrompt prompt, AiSettings settings, IReadOnlyList<int> seeds, Action<int>? positionChanged);
}
