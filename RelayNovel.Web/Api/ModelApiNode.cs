using RelayNovel.Web.Rooms.Generation;

namespace RelayNovel.Web.Api;

/// <summary>
/// Whether this node serves the open model API (<c>/v1</c>, <c>/api/continue</c>). A web node
/// (<c>RelayNovel:Cluster:Role=web</c>) loads no model and runs no engine, so it refuses those requests at once with 503
/// instead of holding them: the cluster's balancer sends them to the inference nodes (tools/cluster.sh,
/// deploy/cluster-nginx.conf).
/// </summary>
public static class ModelApiNode
{
    public const string Refusal = "This node serves rooms only (RelayNovel:Cluster:Role=web) and runs no model. The model API " +
        "(/v1 and /api/continue) is served by the cluster's inference nodes: send the request to the cluster's balancer, which routes it there.";

    public static bool ServesModel(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return NodeRoles.Of(context.RequestServices.GetRequiredService<IConfiguration>()).RunsEngine();
    }
}
