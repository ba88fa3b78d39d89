using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using RelayNovel.Web.Hosting;

namespace RelayNovel.Web.Api;

/// <summary>
/// What the open model API (<c>/v1</c>, <c>/api/continue</c>) asks of a request before any work: the operator's API key
/// when one is set (<see cref="RelayNovelOptions.ApiKey"/>), a JSON body (a browser can send a cross-site
/// <c>text/plain</c> or form POST without asking, so anything else is refused), and a free place in the client's
/// <see cref="ClientGenerationCap"/>. Each route family words the refusals in its own error shape.
/// </summary>
public static class OpenModelAccess
{
    /// <summary>True when no key is set, or the request carries <c>Authorization: Bearer</c> with it.</summary>
    public static bool HasKey(HttpContext context)
    {
        var key = context.RequestServices.GetRequiredService<IOptions<RelayNovelOptions>>().Value.ApiKey;
        if (string.IsNullOrEmpty(key))
        {
            return true;
        }
        var header = context.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        // Hashes compared in constant time: neither the key's bytes nor its length leak through timing.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>Refusals of a missing or wrong key tell the client how to authenticate.</summary>
    public static void AskForKey(HttpContext context) =>
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";   // set late: the error writers clear headers first
            return Task.CompletedTask;
        });

    public static string KeyRefusal(HttpContext context) =>
        context.Request.Headers.Authorization.Count == 0
            ? "This server needs an API key: send it as Authorization: Bearer KEY."
            : "The API key is not the one this server was given.";

    public static bool IsJson(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    public static string JsonRefusal(HttpRequest request) =>
        $"This route reads JSON: send the body as Content-Type: application/json (got {(request.ContentType is { Length: > 0 } type ? type : "none")}).";

    /// <summary>A place for one generation of this client, or null when it already holds as many as it may.</summary>
    public static IDisposable? TryEnter(HttpContext context) =>
        context.RequestServices.GetRequiredService<ClientGenerationCap>().TryEnter(context.Connection.RemoteIpAddress);

    public static string CapRefusal(HttpContext context, int retryAfterSeconds) =>
        $"This client already has {context.RequestServices.GetRequiredService<ClientGenerationCap>().Cap} generations running or " +
        $"queued, as many as one client may. Try again in {retryAfterSeconds} s, when one has ended.";

    /// <summary>
    /// <c>/api/continue</c>'s checks, as problem details, before the body is read; the place in the cap is held until the
    /// answer has ended (a stream's last event included).
    /// </summary>
    public static RouteHandlerBuilder RequireOpenModelAccess(this RouteHandlerBuilder route)
    {
        route.Add(endpoint =>
        {
            var next = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context => GuardAsync(context, next);
        });
        return route.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!HasKey(context))
        {
            AskForKey(context);
            await ApiProblems.WriteAsync(problems, context, StatusCodes.Status401Unauthorized, "API key required", KeyRefusal(context), "Unauthorized");
            return;
        }
        if (!IsJson(context.Request))
        {
            await ApiProblems.WriteAsync(problems, context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                JsonRefusal(context.Request), "BadRequest");
            return;
        }
        using var place = TryEnter(context);
        if (place is null)
        {
            var seconds = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.QueueFullRetryAfterSeconds;
            await ApiProblems.WriteTooManyRequestsAsync(problems, context, TimeSpan.FromSeconds(seconds), CapRefusal(context, seconds), "TooManyGenerations");
            return;
        }
        await next(context);
    }
}
