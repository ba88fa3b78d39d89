using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using RelayNovel.Web.Hosting;

namespace RelayNovel.Web.Rooms;

/// <summary>
/// The model the AI seats write with, loaded once for the process. When it cannot be loaded the app still runs:
/// <see cref="ModelName"/> is "—", <see cref="UnavailableReason"/> says why, and AI seats are skipped.
/// </summary>
public sealed partial class AiModel : IDisposable
{
    public const string NoModelName = "—";

    private readonly Lazy<Loaded> _loaded;

    public AiModel(IOptions<RelayNovelOptions> options, IHostEnvironment environment, ILogger<AiModel> logger)
    {
        var folder = ModelFolderLocator.Locate(options.Value.ModelPath, environment.ContentRootPath);
        _loaded = new Lazy<Loaded>(() => Load(folder, logger), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string ModelName => _loaded.Value.Name;

    public string? UnavailableReason => _loaded.Value.Reason;

    public int ContextLength => _loaded.Value.ContextLength;

    /// <summary>Loads the model now (the generation worker calls this at start so the first room does not wait).</summary>
    public void Warm() => _ = _loaded.Value;

    public AiPrompt Fit(string pinned, string story, int maxNewTokens)
    {
        var loaded = _loaded.Value;
        if (loaded.Reason is not null)
        {
            throw new InvalidOperationException(loaded.Reason);
        }
        return new AiPrompt(pinned + story, 0, loaded.ContextLength, 0);
    }

    public async IAsyncEnumerable<AiChunk> WriteAsync(AiPrompt prompt, AiSettings settings, int seed,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var loaded = _loaded.Value;
        await Task.CompletedTask.ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        throw new InvalidOperationException(loaded.Reason ?? "The generation engine is not part of this build.");
#pragma warning disable CS0162 // Unreachable until the engine is wired in; keeps the iterator shape.
        yield break;
#pragma warning restore CS0162
    }

    public void Dispose()
    {
    }

    private static Loaded Load(string? folder, ILogger logger)
    {
        if (folder is null)
        {
            LogNoModel(logger);
            return new Loaded(NoModelName, "No model folder was found (set RelayNovel:ModelPath).", 0);
        }
        LogEngineMissing(logger, folder);
        return new Loaded(NoModelName, "The generation engine is not part of this build yet.", 0);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No model folder found; AI seats will be skipped")]
    private static partial void LogNoModel(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model folder {Folder} found, but no generation engine is built in; AI seats will be skipped")]
    private static partial void LogEngineMissing(ILogger logger, string folder);

    private sealed record Loaded(string Name, string? Reason, int ContextLength);
}
