using Microsoft.Extensions.Options;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Scheduling;
using RelayNovel.Web.Hosting;

namespace RelayNovel.Web.Rooms.Backends;

/// <summary>
/// The local ONNX model, loaded once for the process (the default for AI seats, and what <c>/v1</c> serves).
/// When it cannot be loaded the app still runs: <see cref="ModelName"/> is "—" and <see cref="UnavailableReason"/> says why.
/// Until the session is loaded, the name, the reason and the context length come from the folder's card and config
/// (a few small reads): every page and snapshot reads them, and none should wait while a large model loads.
/// </summary>
public sealed partial class LocalOnnxBackend : IAiBackend, IDisposable
{
    private readonly Lazy<Loaded> _loaded;
    private readonly Lazy<Loaded> _described;

    private readonly BatchScheduler _engine;

    public LocalOnnxBackend(IOptions<RelayNovelOptions> options, IHostEnvironment environment, BatchScheduler engine, ILogger<LocalOnnxBackend> logger)
    {
        _engine = engine;
        var folder = ModelFolderLocator.Locate(options.Value.ModelPath, environment.ContentRootPath);
        var preference = Enum.Parse<ExecutionProviderPreference>(options.Value.ExecutionProvider, ignoreCase: true);
        _loaded = new Lazy<Loaded>(() => Load(folder, preference, logger), LazyThreadSafetyMode.ExecutionAndPublication);
        _described = new Lazy<Loaded>(() => Describe(folder), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The loaded model's state once it is loaded (or failed to load), else what its folder says.</summary>
    private Loaded Current => _loaded.IsValueCreated ? _loaded.Value : _described.Value;

    public string ModelName => Current.Name;

    public string? UnavailableReason => Current.Reason;

    public int ContextLength => Current.ContextLength;

    /// <summary>"CUDA" or "CPU" once loaded; null without a model.</summary>
    public string? Provider => _loaded.Value.Generator?.Provider;

    /// <summary>Whether the ONNX session has been loaded (or its load has failed): reading the name or the context does not load it.</summary>
    internal bool IsLoaded => _loaded.IsValueCreated;

    /// <summary>The loaded generator (loading it on first use); null without a model.</summary>
    public Gpt2Generator? Generator => _loaded.Value.Generator;

    /// <summary>Loads the model now (the generation worker calls this at start so the first room does not wait).</summary>
    public void Warm() => _ = _loaded.Value;

    /// <summary>Premise and author's note whole, then as much of the story's end as fits beside the new tokens.</summary>
    public AiPrompt Fit(string pinned, string story, int maxNewTokens)
    {
        var fit = Require().FitPrompt(new PromptParts(pinned, story), maxNewTokens);
        return new AiPrompt(fit.Text, fit.PinnedTokens + fit.StoryTokens, fit.ContextTokens, fit.DroppedStoryTokens);
    }

    /// <summary>A request to the batch engine: one row per seed, the prompt prefilled once.</summary>
    public AiJob? TryStart(string key, GenerationLane lane, AiPrompt prompt, AiSettings settings, IReadOnlyList<int> seeds, Action<int>? positionChanged)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(seeds);
        var generator = Require();
        var ids = generator.EncodePrompt(new PromptParts(string.Empty, prompt.Text), settings.MaxTokens);
        var options = seeds.Select(seed => Options(settings, seed)).ToArray();
        return AiJob.TryEnqueue(_engine, key, lane, ids, options, positionChanged);
    }

    private static GenerationOptions Options(AiSettings settings, int seed) => new()
    {
        MaxNewTokens = settings.MaxTokens,
        MinNewTokens = Math.Min(MinNewTokens, settings.MaxTokens),
        Temperature = settings.Temperature,
        TopK = settings.TopK,
        TopP = settings.TopP,
        RepetitionPenalty = settings.RepetitionPenalty,
        Seed = seed,
        // A relay turn is a few sentences: past a quarter of the budget, the first sentence end closes it.
        EndAtSentenceAfter = settings.EndAtSentence ? Math.Max(1, settings.MaxTokens / 4) : null,
    };

    public void Dispose()
    {
        if (_loaded.IsValueCreated)
        {
            _loaded.Value.Generator?.Dispose();
        }
    }

    /// <summary>An empty turn is no turn: the end of text is held back for the first few tokens.</summary>
    private const int MinNewTokens = 4;

    private Gpt2Generator Require() =>
        _loaded.Value.Generator ?? throw new InvalidOperationException(_loaded.Value.Reason);

    private const string NoFolderReason = "No model folder was found (set RelayNovel:ModelPath).";

    private static Loaded Load(string? folder, ExecutionProviderPreference preference, ILogger logger)
    {
        if (folder is null)
        {
            LogNoModel(logger);
            return new Loaded(AiModel.NoModelName, NoFolderReason, null, 0);
        }
        try
        {
            var generator = Gpt2Generator.Load(folder, preference, logger);
            LogLoaded(logger, generator.ModelName, generator.Provider, folder);
            return new Loaded(generator.ModelName, null, generator, generator.ContextLength);
        }
        catch (Exception ex) when (ex is ModelLoadException or IOException or UnauthorizedAccessException)
        {
            LogLoadFailed(logger, ex, folder);
            return Unloadable(ex, folder);
        }
    }

    /// <summary>The folder's card and config, with the load's checks up to there (the load logs what fails).</summary>
    private static Loaded Describe(string? folder)
    {
        if (folder is null)
        {
            return new Loaded(AiModel.NoModelName, NoFolderReason, null, 0);
        }
        try
        {
            var description = ModelDescription.Read(folder);
            return new Loaded(description.Name, null, null, description.ContextLength);
        }
        catch (Exception ex) when (ex is ModelLoadException or IOException or UnauthorizedAccessException)
        {
            return Unloadable(ex, folder);
        }
    }

    // The folder is for the log: rooms, turn notes and exports get what is wrong, not where it is.
    private static Loaded Unloadable(Exception ex, string folder) =>
        new(AiModel.NoModelName, $"The model could not be loaded: {WithoutFolder(ex.Message, folder)}", null, 0);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No model folder found; AI seats will be skipped")]
    private static partial void LogNoModel(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} loaded on {Provider} from {Folder}")]
    private static partial void LogLoaded(ILogger logger, string model, string provider, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "The model in {Folder} could not be loaded; AI seats will be skipped")]
    private static partial void LogLoadFailed(ILogger logger, Exception ex, string folder);

    /// <summary>The loader's message with the model folder's path (as given, or in full) named only as "the model folder".</summary>
    internal static string WithoutFolder(string message, string folder)
    {
        var paths = new[] { Path.GetFullPath(folder), folder }
            .Select(p => p.TrimEnd(Path.DirectorySeparatorChar)).Where(p => p.Length > 0).Distinct().OrderByDescending(p => p.Length);
        foreach (var path in paths)
        {
            message = message.Replace(path, "the model folder", StringComparison.Ordinal);
        }
        return message;
    }

    private sealed record Loaded(string Name, string? Reason, Gpt2Generator? Generator, int ContextLength);
}
