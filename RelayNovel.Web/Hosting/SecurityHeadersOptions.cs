namespace RelayNovel.Web.Hosting;

/// <summary>
/// The "RelayNovel:SecurityHeaders" section: the Content-Security-Policy every response gets, and other policies
/// for path prefixes whose pages need more (the browsable API page runs an inline start-up script).
/// </summary>
public sealed class SecurityHeadersOptions
{
    public const string Section = "RelayNovel:SecurityHeaders";

    /// <summary>
    /// Blazor Server needs only its own origin (scripts, and the WebSocket, which CSP 'self' covers); MudBlazor
    /// sets inline style attributes and its theme is an inline style element, hence style-src 'unsafe-inline'.
    /// No script runs inline and nothing is evaluated. The import map Blazor renders inline is allowed by its hash,
    /// added per response.
    /// </summary>
    public const string DefaultPolicy =
        "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; " +
        "script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'";

    /// <summary>The API reference page (Scalar) starts itself with an inline script and uses workers and blobs.</summary>
    public const string ApiReferencePolicy =
        "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; " +
        "script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:";

    public string ContentSecurityPolicy { get; set; } = DefaultPolicy;

    /// <summary>Path prefix → policy; the longest matching prefix wins over <see cref="ContentSecurityPolicy"/>.</summary>
    public Dictionary<string, string> PathPolicies { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/scalar"] = ApiReferencePolicy,
    };

    /// <summary>Room addresses are invitations (anyone with the link may join), so they never leave in a Referer.</summary>
    public string ReferrerPolicy { get; set; } = "no-referrer";

    /// <summary>The policy for a request path.</summary>
    public string PolicyFor(PathString path)
    {
        var best = ContentSecurityPolicy;
        var bestLength = -1;
        foreach (var (prefix, policy) in PathPolicies)
        {
            if (prefix.Length > bestLength && path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                best = policy;
                bestLength = prefix.Length;
            }
        }
        return best;
    }
}
