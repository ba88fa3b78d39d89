namespace RelayNovel.Web.Api;

/// <summary>
/// Writes problem details as JSON whatever the request's Accept header says. The default writer declines when the
/// client accepts only, say, <c>text/event-stream</c> or <c>text/html</c>, and the problem service then throws, so a
/// plain refusal (404 unknown room) became a 500. Registered after the default writer, it only answers what that declines.
/// </summary>
public sealed class ProblemJsonFallbackWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var details = context.ProblemDetails;
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(details, details.GetType(),
            options: null, contentType: "application/problem+json"));
    }
}
