using RelayNovel.Inference.Scheduling;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Backends;

namespace RelayNovel.Tests.Rooms;

/// <summary>
/// The real local model, with a hook that runs on the thread fitting the next prompt, just before it is fitted:
/// tests use it to act on the room while its AI prompt is being prepared.
/// </summary>
internal sealed class FitWatchingBackend(IAiBackend model) : IAiBackend
{
    private Action? _beforeNextFit;
    private int _fitted;
    private int _started;

    public string ModelName => model.ModelName;

    public string? UnavailableReason => model.UnavailableReason;

    public int ContextLength => model.ContextLength;

    public string? Provider => model.Provider;

    /// <summary>Story prompts fitted so far (counted when fitting returns).</summary>
    public int Fitted => Volatile.Read(ref _fitted);

    /// <summary>Generations started so far.</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>Runs <paramref name="action"/> once, before the next story prompt is fitted.</summary>
    public void BeforeNextFit(Action action) => _beforeNextFit = action;

    public void Warm() => model.Warm();

    public AiPrompt Fit(string pinned, string story, int maxNewTokens)
    {
        if (story.Length > 0)
        {
            Interlocked.Exchange(ref _beforeNextFit, null)?.Invoke();
        }
        var fitted = model.Fit(pinned, story, maxNewTokens);
        if (story.Length > 0)
        {
            Interlocked.Increment(ref _fitted);
        }
        return fitted;
    }

    public AiJob? TryStart(string key, GenerationLane lane, AiPrompt prompt, AiSettings settings, IReadOnlyList<int> seeds, Action<int>? positionChanged)
    {
        Interlocked.Increment(ref _started);
        return model.TryStart(key, lane, prompt, settings, seeds, positionChanged);
    }
}
