namespace RelayNovel.Web.Rooms.Generation;

/// <summary>What a node of the cluster does (<c>RelayNovel:Cluster:Role</c>).</summary>
public enum NodeRole
{
    /// <summary>Pages, rooms and the local engine in one process: a plain <c>dotnet run</c>.</summary>
    All,

    /// <summary>Pages and rooms; no model is loaded, AI text comes from the inference nodes.</summary>
    Web,

    /// <summary>Runs the generation engine for every room of the cluster; hosts no room.</summary>
    Inference,
}
