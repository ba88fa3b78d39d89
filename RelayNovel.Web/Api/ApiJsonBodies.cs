using Microsoft.Net.Http.Headers;

namespace RelayNovel.Web.Api;

/// <summary>
/// A JSON route sent a body of another type is skipped by routing (it filters on the content type), so the request
/// landed on the API's catch-all, which answered "there is no API route" for a route that exists. When the catch-all
/// is what matched and the body is not JSON, this answers 415 with what to send instead; routes that take other
/// content types match themselves and are not touched.
/// </summary>
public sealed class ApiJsonBodies(RequestDelegate next, IProblemDetailsService problems)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsApiCatchAll(context.GetEndpoint()) || !HasBody(request) || IsJson(request.ContentType))
        {
            return next(context);
        }
        return ApiProblems.WriteAsync(problems, context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
            $"The API reads JSON: send the body as Content-Type: application/json (got {request.ContentType ?? "none"}).", "BadRequest");
    }

    private static bool IsApiCatchAll(Endpoint? endpoint) =>
        endpoint is RouteEndpoint route && route.RoutePattern.RawText?.StartsWith("/api/{**", StringComparison.Ordinal) == true;

    private static bool HasBody(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0 || request.ContentType is not null);

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
