using RelayNovel.Web.Hosting;

namespace RelayNovel.Web.Rooms.Generation;

/// <summary>Reads <c>RelayNovel:Cluster:Role</c>; a value that is not a role stops the start with a message that says what is allowed.</summary>
public static class NodeRoles
{
    public const string Key = RoomClusterOptions.Section + ":Role";

    public static NodeRole Of(IConfiguration configuration) => Parse(configuration[Key]);

    public static NodeRole Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "all" => NodeRole.All,
        "web" => NodeRole.Web,
        "inference" => NodeRole.Inference,
        _ => throw new InvalidOperationException(
            $"{Key} is '{value}'; it must be 'all' (pages, rooms and the model in one process), 'web' (no model: AI text " +
            "comes from the inference nodes) or 'inference' (runs the model for the cluster)."),
    };

    /// <summary>Whether this node runs a generation engine for others (and loads its model).</summary>
    public static bool RunsEngine(this NodeRole role) => role != NodeRole.Web;

    /// <summary>Whether this node's silo may own rooms.</summary>
    public static bool HostsRooms(this NodeRole role) => role != NodeRole.Inference;
}
