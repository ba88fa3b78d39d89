using Orleans.Metadata;
using Orleans.Runtime;

namespace RelayNovel.Web.Rooms.Generation;

/// <summary>
/// What a web node knows of the cluster's inference nodes: whether any is up (from the cluster manifest, which lists
/// the grain types each active silo hosts; no call needed) and, from one of them, the model rooms show. Read by every
/// snapshot, so it answers from a cache that a background loop keeps fresh; with no inference node the AI is unavailable
/// until one joins.
/// </summary>
public sealed partial class InferenceCatalog(IClusterManifestProvider manifests, IGrainFactory grains, ILogger<InferenceCatalog> logger)
    : BackgroundService
{
    public const string NoNodeReason = "No inference node is running in the cluster, so the AI cannot write now.";

    /// <summary>How often the cache is checked: the manifest read is local; a node is asked only when the set changed.</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    /// <summary>How long the model seen is trusted before a node is asked again (the queue's length is in it).</summary>
    public static readonly TimeSpan DescribeAge = TimeSpan.FromSeconds(10);

    private static readonly InferenceModelInfo None = new(AiModel.NoModelName, NoNodeReason, 0, 0, 0);

    private volatile InferenceModelInfo _current = None;
    private HashSet<SiloAddress> _nodes = [];
    private DateTime _describedAt;

    public InferenceModelInfo Current => _current;

    /// <summary>Active silos that can run an inference request.</summary>
    public IReadOnlyList<SiloAddress> Nodes()
    {
        var manifest = manifests.Current;
        return [.. manifest.Silos.Where(s => s.Value.Grains.ContainsKey(InferenceGrain.Type)).Select(s => s.Key)];
    }

    /// <summary>Checks now (the loop calls it each beat; tests may call it to skip the wait).</summary>
    public async Task RefreshAsync(CancellationToken ct = default)
    {
        var nodes = Nodes().ToHashSet();
        if (nodes.Count == 0)
        {
            _nodes = nodes;
            _current = None;
            return;
        }
        if (nodes.SetEquals(_nodes) && _current.ModelName != AiModel.NoModelName && DateTime.UtcNow - _describedAt < DescribeAge)
        {
            return;
        }
        try
        {
            _current = await InferenceGrain.For(grains).Describe().WaitAsync(Refresh * 5, ct).ConfigureAwait(false);
            (_nodes, _describedAt) = (nodes, DateTime.UtcNow);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogDescribeFailed(logger, ex);
            _current = None with { UnavailableReason = "The inference node does not answer, so the AI cannot write now." };
            _nodes = [];
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var beat = new PeriodicTimer(Refresh);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
        while (await beat.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An inference node was asked for its model and did not answer")]
    private static partial void LogDescribeFailed(ILogger logger, Exception ex);
}
