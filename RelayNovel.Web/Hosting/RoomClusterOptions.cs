using System.ComponentModel.DataAnnotations;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// The "RelayNovel:Cluster" section: the co-hosted Orleans silo that owns the rooms. The defaults are a single node on
/// loopback (localhost clustering), which is what a plain <c>dotnet run</c> needs; nodes of one local cluster point
/// <see cref="PrimarySiloPort"/> at the first node's <see cref="SiloPort"/>.
/// </summary>
public sealed class RoomClusterOptions
{
    public const string Section = "RelayNovel:Cluster";

    /// <summary>Silo-to-silo port on loopback.</summary>
    [Range(1, 65_535)]
    public int SiloPort { get; set; } = 11_111;

    /// <summary>Port for external Orleans clients; 0 = none (the web app talks to its own silo in process).</summary>
    [Range(0, 65_535)]
    public int GatewayPort { get; set; }

    /// <summary>The silo that holds the development membership table; 0 = this node is it.</summary>
    [Range(0, 65_535)]
    public int PrimarySiloPort { get; set; }

    /// <summary>
    /// What this node does: "all" (pages, rooms and the model in one process, the default), "web" (pages and rooms, no
    /// model: AI text comes from the inference nodes) or "inference" (runs the model for every room of the cluster).
    /// Read at start by <see cref="Rooms.Generation.NodeRoles"/>, which refuses any other value with a clear message.
    /// </summary>
    [RegularExpression("(?i)^(all|web|inference)$", ErrorMessage = "RelayNovel:Cluster:Role must be all, web or inference.")]
    public string Role { get; set; } = "all";

    [Required(AllowEmptyStrings = false)]
    public string ClusterId { get; set; } = "relaynovel";

    [Required(AllowEmptyStrings = false)]
    public string ServiceId { get; set; } = "relaynovel";
}
