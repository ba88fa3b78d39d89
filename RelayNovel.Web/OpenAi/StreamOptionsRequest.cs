namespace RelayNovel.Web.OpenAi;

/// <summary><c>stream_options</c>: with <c>include_usage</c> a last chunk carries the token counts.</summary>
public sealed class StreamOptionsRequest
{
    public bool IncludeUsage { get; set; }
}
