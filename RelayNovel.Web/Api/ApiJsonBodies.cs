using Microsoft.Net.Http.Headers;

namespace RelayNovel.Web.Api;

/// <summary>
/// Every <c>/api</c> route reads JSON. A body sent as anything else used to skip the route (routing filters on the
/// content type) and land on the API's catch-all, which answered "there is no API route" for a route that exists;
/// this answers 415 with what to send instead.
/// </summary>
public sealed class ApiJsonBodies(RequestDelegate next, IProblemDetailsService problems)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api") || !HasBody(request) || IsJson(request.ContentType))
        {
            return next(context);
        }
        return ApiProblems.WriteAsync(problems, context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
            $"The API reads JSON: send the body as Content-Type: application/json (got {request.ContentType ?? "none"}).", "BadRequest");
    }

    private static bool HasBody(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0 || request.ContentType is not null);

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
