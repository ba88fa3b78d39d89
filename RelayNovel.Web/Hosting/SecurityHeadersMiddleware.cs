using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// Adds the security headers to every response (pages, API, static files, errors). They are set as the response
/// starts, so handlers that clear the response on an error do not drop them, and a handler that set its own keeps it.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptionsMonitor<SecurityHeadersOptions> options)
{
    private static readonly ConditionalWeakTable<ImportMapDefinition, string> ImportMapHashes = [];

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (context, options) = ((HttpContext, SecurityHeadersOptions))state;
            var headers = context.Response.Headers;
            headers.TryAdd("Content-Security-Policy", WithImportMap(options.PolicyFor(context.Request.Path), context));
            headers.TryAdd("X-Content-Type-Options", "nosniff");
            headers.TryAdd("Referrer-Policy", options.ReferrerPolicy);
            headers.XFrameOptions = "DENY";   // antiforgery sets SAMEORIGIN; frame-ancestors 'none' is the stricter rule
            headers.TryAdd("Cross-Origin-Opener-Policy", "same-origin");
            return Task.CompletedTask;
        }, (context, options.CurrentValue));
        return next(context);
    }

    /// <summary>Blazor's &lt;ImportMap /&gt; renders the endpoint's import map inline; its hash lets exactly that script run.</summary>
    internal static string WithImportMap(string policy, HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ImportMapDefinition>() is not { } importMap)
        {
            return policy;
        }
        var hash = ImportMapHashes.GetValue(importMap,
            static map => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(map.ToString())))}'");
        var directives = policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < directives.Length; i++)
        {
            if (directives[i].StartsWith("script-src ", StringComparison.OrdinalIgnoreCase) && !directives[i].Contains("'unsafe-inline'", StringComparison.Ordinal))
            {
                directives[i] += " " + hash;
            }
        }
        return string.Join("; ", directives);
    }
}
