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

    [Required(AllowEmptyStrings = false)]
    public string ClusterId { get; set; } = "relaynovel";

    [Required(AllowEmptyStrings = false)]
    public string ServiceId { get; set; } = "relaynovel";
}
