namespace RelayNovel.Web.OpenAi;

/// <summary>A refusal in OpenAI's terms: the HTTP status, the error type and code clients switch on, and the bad parameter.</summary>
public sealed class OpenAiException(int status, string message, string type, string? code = null, string? param = null)
    : Exception(message)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? Code { get; } = code;

    public string? Param { get; } = param;

    /// <summary>Seconds a client should wait before asking again (429 only).</summary>
    public int? RetryAfterSeconds { get; init; }

    public static OpenAiException Invalid(string message, string? param, string? code = null) =>
        new(StatusCodes.Status400BadRequest, message, "invalid_request_error", code, param);

    public static OpenAiException NotFound(string message, string code, string? param = null) =>
        new(StatusCodes.Status404NotFound, message, "invalid_request_error", code, param);
}
