using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace RelayNovel.Web.Api;

/// <summary>
/// Two refusals under <c>/api</c> that used to come back as something other than a problem:
/// <list type="bullet">
/// <item>A JSON route sent a body of another type is skipped by routing (it filters on the content type), so the
/// request landed on the API's catch-all: "there is no API route" for a route that exists. When the catch-all is what
/// matched and the body is not JSON, this answers 415 with what to send instead (routes that take other content types
/// match themselves and are not touched).</item>
/// <item>A status set without a body (a body over Kestrel's size limit gets a bare 413 from the endpoint) was
/// re-executed by the status-code pages as a POST to the HTML not-found page, which answered "400 incorrect
/// Content-type" in HTML. Such a status now gets a problem saying what it means.</item>
/// </list>
/// </summary>
public sealed class ApiRefusalGuard(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (IsApiCatchAll(context.GetEndpoint()) && HasBody(request) && !OpenModelAccess.IsJson(request))
        {
            await ApiProblems.WriteAsync(problems, context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"The API reads JSON: send the body as Content-Type: application/json (got {request.ContentType ?? "none"}).", "BadRequest");
            return;
        }
        await next(context);
        var status = context.Response.StatusCode;
        var bare = status >= 400 && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested;
        if (bare && request.Path.StartsWithSegments("/api"))
        {
            var tooLarge = status == StatusCodes.Status413PayloadTooLarge;
            var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            await ApiProblems.WriteAsync(problems, context, status, ReasonPhrases.GetReasonPhrase(status),
                tooLarge ? $"The request body is larger than the server accepts ({limit:N0} bytes at most)."
                    : $"The request was refused ({status} {ReasonPhrases.GetReasonPhrase(status)}).",
                tooLarge ? "TooLarge" : "BadRequest");
        }
    }

    private static bool IsApiCatchAll(Endpoint? endpoint) =>
        endpoint is RouteEndpoint route && route.RoutePattern.RawText?.StartsWith("/api/{**", StringComparison.Ordinal) == true;

    private static bool HasBody(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0 || request.ContentType is not null);
}
