using System.Globalization;

namespace RelayNovel.Web.OpenAi;

/// <summary>Writes refusals in OpenAI's error shape <c>{"error":{"message","type","param","code"}}</c>.</summary>
public static class OpenAiErrors
{
    public static object Body(OpenAiException ex) => new { Error = new { ex.Message, ex.Type, ex.Param, ex.Code } };

    public static Task WriteAsync(HttpContext context, OpenAiException ex)
    {
        var response = context.Response;
        response.Clear();
        if (ex.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return OpenAiJson.WriteAsync(response, ex.Status, Body(ex), context.RequestAborted);
    }

    /// <summary>Runs a handler; an <see cref="OpenAiException"/> or unreadable JSON becomes an error answer (or, mid-stream, an error event).</summary>
    public static async Task HandleAsync(HttpContext context, Func<HttpContext, Task> handler)
    {
        try
        {
            await handler(context).ConfigureAwait(false);
        }
        catch (OpenAiException ex)
        {
            await WriteAsync(context, ex, ex).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException ex)
        {
            var param = ex.Path is { } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : ex.Path;
            var invalid = OpenAiException.Invalid($"The request body is not valid JSON for this route: {ex.Message}", param, "invalid_json");
            await WriteAsync(context, invalid, ex).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; its generation was cancelled with the request.
        }
        catch (Exception ex) when (!context.Response.HasStarted || context.Response.ContentType == "text/event-stream")
        {
            // Answered in OpenAI's shape too: the app's HTML error page means nothing to an API client.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OpenAiErrors)).LogError(ex, "{Path} failed", context.Request.Path);
            var failed = new OpenAiException(StatusCodes.Status500InternalServerError, "The server failed while answering; the error is in its log.", "server_error");
            await WriteAsync(context, failed, ex).ConfigureAwait(false);
        }
    }

    private static async Task WriteAsync(HttpContext context, OpenAiException error, Exception original)
    {
        if (!context.Response.HasStarted)
        {
            await WriteAsync(context, error).ConfigureAwait(false);
            return;
        }
        if (context.Response.ContentType == "text/event-stream")
        {
            await OpenAiJson.WriteEventAsync(context.Response, Body(error), context.RequestAborted).ConfigureAwait(false);
            return;
        }
        throw new InvalidOperationException("The answer had started when the request failed.", original);
    }
}
