using System.Text.Json;

namespace RelayNovel.Web.OpenAi;

/// <summary>What the <c>/v1</c> handlers read from a request.</summary>
public static class OpenAiRequest
{
    /// <summary>The request body (JSON: other content types are refused before the handler runs, see OpenModelAccess).</summary>
    public static async Task<T> ReadAsync<T>(HttpContext context) where T : class =>
        await JsonSerializer.DeserializeAsync<T>(context.Request.Body, OpenAiJson.Options, context.RequestAborted).ConfigureAwait(false)
        ?? throw OpenAiException.Invalid("The request body must be a JSON object.", null);

    /// <summary>
    /// The longest prompt accepted, in characters, checked before any tokenizing. Far more than a context of a
    /// thousand tokens can hold (Korean runs 1.5–3 characters a token), so no prompt that fits is refused.
    /// </summary>
    public const int MaxPromptChars = 20_000;

    /// <summary>Refuses an over-long prompt before any work is spent on it.</summary>
    public static void RequirePromptLength(string prompt, string promptParam)
    {
        if (prompt.Length > MaxPromptChars)
        {
            throw OpenAiException.Invalid(
                $"The prompt is {prompt.Length} characters; at most {MaxPromptChars} are accepted. Shorten it to leave room for the completion.",
                promptParam, "context_length_exceeded");
        }
    }

    /// <summary>Requests share the queue fairly by client address, as rooms do by room.</summary>
    public static string ClientKey(HttpContext context) => $"v1 {context.Connection.RemoteIpAddress?.ToString() ?? "local"}";

    public static long Now(HttpContext context) =>
        context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds();
}
