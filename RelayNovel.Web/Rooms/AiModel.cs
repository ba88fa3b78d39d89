using Microsoft.Extensions.Options;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Web.Rooms.Backends;
using RelayNovel.Web.Rooms.Generation;

namespace RelayNovel.Web.Rooms;

/// <summary>
/// The model the AI seats write with: the local ONNX model by default, or a remote OpenAI-compatible chat endpoint
/// when <c>RelayNovel:RemoteModel:BaseUrl</c> is set. When no model can write the app still runs:
/// <see cref="ModelName"/> is "—", <see cref="UnavailableReason"/> says why, and AI seats are skipped.
/// </summary>
public sealed partial class AiModel : IGenerationEngine, IDisposable
{
    public const string NoModelName = "—";

    private readonly IAiBackend _backend;
    private readonly RemoteChatBackend? _remote;
    private readonly BatchScheduler? _queue;
    private readonly Lazy<Task> _warming;

    public AiModel(LocalOnnxBackend local, IOptions<RemoteModelOptions> remote, BatchScheduler queue, ILogger<AiModel> logger)
        : this(Choose(local, remote.Value, logger), queue)
    {
    }

    /// <summary>Writes with <paramref name="backend"/> (tests wrap the local model to watch how it is called).</summary>
    internal AiModel(IAiBackend backend, BatchScheduler? queue = null)
    {
        _backend = backend;
        _queue = backend is RemoteChatBackend ? null : queue;   // a remote endpoint keeps its own line
        _remote = backend as RemoteChatBackend;
        _warming = new Lazy<Task>(() => Task.Run(_backend.Warm), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The remote endpoint when one is configured, else the local model.</summary>
    private static IAiBackend Choose(LocalOnnxBackend local, RemoteModelOptions remote, ILogger logger)
    {
        if (!remote.IsConfigured)
        {
            return local;
        }
        var backend = new RemoteChatBackend(remote);
        LogRemote(logger, remote.Model!, backend.Endpoint);   // never the key
        return backend;
    }

    // Name, reason and context are read by every page render and snapshot: backends answer them without loading the
    // model (the local one from its folder's card and config), so a page never waits while KoGPT2 loads.
    public string ModelName => _backend.ModelName;

    public string? UnavailableReason => _backend.UnavailableReason;

    public int ContextLength => _backend.ContextLength;

    public AiQueueLoad Load => _queue is { } queue ? new(queue.Waiting, queue.Capacity) : new(0, 0);

    /// <summary>"CUDA" or "CPU" for the local model, "remote (host)" for an endpoint; null without a model.</summary>
    public string? Provider => _backend.Provider;

    /// <summary>
    /// Loads the model once, on one worker thread; the generation worker starts it so the first room does not wait,
    /// and anyone who needs to know whether loading is done (the health check) awaits the same task.
    /// </summary>
    public Task WarmAsync() => _warming.Value;

    /// <summary>Premise and author's note whole, then as much of the story's end as fits beside the new tokens.</summary>
    public AiPrompt Fit(string pinned, string story, int maxNewTokens) => _backend.Fit(pinned, story, maxNewTokens);

    /// <summary><see cref="Fit"/> on the caller's thread (the room already fits off its grain).</summary>
    public Task<AiPrompt> FitAsync(string pinned, string story, int maxNewTokens) => Task.FromResult(Fit(pinned, story, maxNewTokens));

    /// <summary>
    /// Admits a request for one alternative per seed (the local batch engine, or the remote endpoint at once); null
    /// when the engine's waiting line is full. Each chunk carries its time since the start (the replay's timing).
    /// </summary>
    public AiJob? TryStart(string key, GenerationLane lane, AiPrompt prompt, AiSettings settings, IReadOnlyList<int> seeds, Action<int>? positionChanged = null) =>
        _backend.TryStart(key, lane, prompt, settings, seeds, positionChanged);

    /// <summary>A room's AI turn: the room lane of the engine, fair across rooms by the room's id.</summary>
    public AiJob? TryStart(string roomId, AiPrompt prompt, AiSettings settings, IReadOnlyList<int> seeds, Action<int>? positionChanged) =>
        _backend.TryStart(roomId, GenerationLane.Room, prompt, settings, seeds, positionChanged);

    /// <summary>The local model is the container's to dispose; only the remote client is this instance's own.</summary>
    public void Dispose() => _remote?.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "AI seats write with the remote model {Model} at {Endpoint}")]
    private static partial void LogRemote(ILogger logger, string model, string endpoint);
}
