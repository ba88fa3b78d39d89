using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using RelayNovel.Web.Hosting;

namespace RelayNovel.Web.Api;

/// <summary>
/// The room hub answers browsers only from the app's own origin or one the operator listed
/// (<see cref="RelayNovelOptions.AllowedOrigins"/>): WebSockets are not covered by CORS, so without this any site a
/// visitor opens could write through the hub from the visitor's address. Requests without an Origin header (programs)
/// are allowed. Applies to the negotiate and the connect requests.
/// </summary>
public static class HubOriginCheck
{
    public static HubEndpointConventionBuilder RequireAllowedOrigin(this HubEndpointConventionBuilder hub)
    {
        hub.Add(endpoint =>
        {
            var next = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = async context =>
            {
                var allowed = context.RequestServices.GetRequiredService<IOptions<RelayNovelOptions>>().Value.AllowedOrigins;
                if (IsAllowed(context.Request, allowed))
                {
                    await next(context);
                    return;
                }
                var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
                await ApiProblems.WriteAsync(problems, context, StatusCodes.Status403Forbidden, "Origin not allowed",
                    $"Pages from {context.Request.Headers.Origin} may not use this hub. The server's operator can allow the origin with RelayNovel:AllowedOrigins.",
                    "OriginNotAllowed");
            };
        });
        return hub;
    }

    /// <summary>
    /// The same host and port as the request (the scheme is not compared: behind a proxy that ends TLS the app sees http
    /// for an https page), or an origin on the list (<c>*</c> allows any).
    /// </summary>
    public static bool IsAllowed(HttpRequest request, IReadOnlyCollection<string> allowed)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }
        if (Uri.TryCreate(origin, UriKind.Absolute, out var page) && request.Host.HasValue
            && string.Equals(page.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return allowed.Any(a => a == "*" || string.Equals(a.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
    }
}
