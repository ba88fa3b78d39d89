using Microsoft.Extensions.Options;
using RelayNovel.Web.Hosting;

namespace RelayNovel.Web.Api;

/// <summary>
/// The invite link of a room. The room id in it is the only key needed to join, so the link must never point at a
/// host an attacker chose: it is built on <see cref="RelayNovelOptions.PublicBaseUrl"/>, or on the request's Host
/// only when <c>AllowedHosts</c> restricts which hosts reach the app; otherwise it is relative to the site.
/// </summary>
public sealed class InviteLinks(IOptions<RelayNovelOptions> options, IConfiguration configuration)
{
    private readonly string? _base = options.Value.PublicBaseUrl is { Length: > 0 } url ? url.TrimEnd('/') : null;
    private readonly bool _hostsRestricted = HostsRestricted(configuration["AllowedHosts"]);

    /// <summary>The configured public address, without a trailing slash (null when unset).</summary>
    public string? PublicBase => _base;

    /// <summary>For API answers: absolute on the configured address or a filtered Host, else relative ("/rooms/{id}").</summary>
    public string For(HttpRequest request, string roomId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = $"/rooms/{roomId}";
        if (_base is not null)
        {
            return _base + path;
        }
        return _hostsRestricted ? $"{request.Scheme}://{request.Host}{request.PathBase}{path}" : $"{request.PathBase}{path}";
    }

    /// <summary>For pages: the configured address, else the address the browser itself used to open the page.</summary>
    public string For(Uri pageBase, string roomId) =>
        _base is not null ? $"{_base}/rooms/{roomId}" : new Uri(pageBase, $"rooms/{roomId}").ToString();

    private static bool HostsRestricted(string? allowedHosts) =>
        !string.IsNullOrWhiteSpace(allowedHosts)
        && allowedHosts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(h => h != "*");
}
