namespace RelayNovel.Web.Rooms.Generation;

/// <summary>
/// The generation engine of a web node (<see cref="NodeRole.Web"/>): every request runs on an inference node through
/// <see cref="IInferenceGrain"/>, and its tokens come back with their timings as the same <see cref="AiJob"/> the local
/// engine gives. Prompts are fitted there too: the tokenizer belongs to the model folder on the inference node, so
/// a web node never holds a copy that could drift from the model that writes (a fit is one call per AI turn, off the room).
/// </summary>
public sealed partial class RemoteGenerationEngine(IGrainFactory grains, InferenceCatalog catalog, ILogger<RemoteGenerationEngine> logger)
    : IGenerationEngine
{
    /// <summary>A fit is a short call; past this the turn is skipped with a reason rather than held.</summary>
    public static readonly TimeSpan FitTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Once a request runs, a gap this long between its chunks ends it as failed (a node that hangs).</summary>
    public static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(60);

    public string ModelName => catalog.Current.ModelName;

    public string? UnavailableReason => catalog.Current.UnavailableReason;

    public int ContextLength => catalog.Current.ContextLength;

    /// <summary>The inference nodes' line as last described (the catalog refreshes it).</summary>
    public AiQueueLoad Load => new(catalog.Current.Waiting, catalog.Current.Capacity);

    public async Task<AiPrompt> FitAsync(string pinned, string story, int maxNewTokens)
    {
        try
        {
            return await InferenceGrain.For(grains).Fit(pinned, story, maxNewTokens).WaitAsync(FitTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            LogFitFailed(logger, ex);
            throw new Backends.AiBackendException(RelayedGeneration.NodeLostMessage, $"The inference node could not fit the prompt: {ex.Message}", ex);
        }
    }

    public AiJob? TryStart(string roomId, AiPrompt prompt, AiSettings settings, IReadOnlyList<int> seeds, Action<int>? positionChanged)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var info = catalog.Current;
        if (info.Capacity > 0 && info.Waiting >= info.Capacity)
        {
            return null;   // the line was full when last seen: the room waits for a slot as with the local engine
        }
        var request = new InferenceRequest(roomId, prompt, settings, seeds);
        return RelayedGeneration.Start(() => InferenceGrain.For(grains).Generate(request), seeds.Count, positionChanged, StallLimit,
            node => catalog.Nodes().Any(s => s.ToParsableString() == node), logger);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An inference node could not fit a prompt")]
    private static partial void LogFitFailed(ILogger logger, Exception ex);
}
