using System.ComponentModel.DataAnnotations;

namespace RelayNovel.Web.Api;

/// <summary>The "RelayNovel:Api" section: settings of the open API's streams.</summary>
public sealed class ApiOptions
{
    public const string Section = "RelayNovel:Api";

    /// <summary>An idle event stream sends a comment this often, so proxies and clients keep it open.</summary>
    [Range(1, 300)]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>The Retry-After a client is given when the generation queue is full.</summary>
    [Range(1, 3600)]
    public int QueueFullRetryAfterSeconds { get; set; } = 2;
}
