using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Orleans.Placement;
using RelayNovel.Inference.Scheduling;

namespace RelayNovel.Web.Rooms.Generation;

/// <summary>
/// One inference request on a node that runs the engine. Every request is a fresh activation, placed by activation
/// count: inference silos hold little else, so the count is their in-flight requests, and a new request goes to the
/// less busy of two compatible silos (Orleans' power-of-two-choices). Silos of the web role drop this class from their
/// grain types, so placement can only pick engine nodes. The activation leaves when its call is done.
/// </summary>
[ActivationCountBasedPlacement]
[GrainType(TypeName)]
public sealed partial class InferenceGrain(AiModel model, BatchScheduler queue, InferenceLoad load, ILocalSiloDetails silo,
    ILogger<InferenceGrain> logger)
    : Grain, IInferenceGrain
{
    /// <summary>The grain type's name, fixed: web nodes do not host the class, so they address it by id (<see cref="For"/>).</summary>
    public const string TypeName = "inference";

    public static GrainType Type { get; } = GrainType.Create(TypeName);

    /// <summary>A fresh request's grain. By id, since a node without the class (or a cluster without an inference node) cannot resolve the interface.</summary>
    public static IInferenceGrain For(IGrainFactory grains) =>
        grains.GetGrain<IInferenceGrain>(GrainId.Create(Type, Guid.NewGuid().ToString("N")));

    public Task<InferenceModelInfo> Describe()
    {
        DeactivateOnIdle();
        return Task.FromResult(new InferenceModelInfo(model.ModelName, model.UnavailableReason, model.ContextLength,
            queue.Waiting, queue.Capacity));
    }

    public async Task<AiPrompt> Fit(string pinned, string story, int maxNewTokens)
    {
        DeactivateOnIdle();
        // Tokenizing a long story takes a while: off the activation's scheduler.
        return await Task.Run(() => model.Fit(pinned, story, maxNewTokens));
    }

    public async IAsyncEnumerable<InferenceUpdate> Generate(InferenceRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The engine reports places from its own thread and the alternatives stream side by side: one channel gathers them in order.
        var updates = Channel.CreateUnbounded<InferenceUpdate>(new UnboundedChannelOptions { SingleReader = true });
        var job = model.TryStart(request.Key, request.Prompt, request.Settings, request.Seeds,
            position => updates.Writer.TryWrite(InferenceUpdate.Waiting(position)));
        if (job is null)
        {
            DeactivateOnIdle();
            yield return InferenceUpdate.Refused;
            yield break;
        }
        load.Started();
        try
        {
            using var cancel = cancellationToken.Register(job.Cancel);
            yield return InferenceUpdate.Waiting(job.Position) with { Node = silo.SiloAddress.ToParsableString() };
            var pump = PumpAsync(job, updates.Writer);
            await foreach (var update in updates.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return update;
            }
            await pump;
        }
        finally
        {
            job.Cancel();   // a no-op after the end; frees the engine's rows when the caller went away
            load.Ended();
            DeactivateOnIdle();
        }
    }

    private async Task PumpAsync(AiJob job, ChannelWriter<InferenceUpdate> updates)
    {
        try
        {
            await Task.WhenAll(Enumerable.Range(0, job.Alternatives).Select(async i =>
            {
                await foreach (var chunk in job.ReadAsync(i))
                {
                    updates.TryWrite(InferenceUpdate.Of(i, chunk));
                }
            }));
            updates.TryComplete();
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, job.Alternatives);
            updates.TryComplete(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An inference request of {Alternatives} alternatives failed in the engine")]
    private static partial void LogFailed(ILogger logger, Exception ex, int alternatives);
}
