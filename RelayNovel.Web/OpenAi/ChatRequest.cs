namespace RelayNovel.Web.OpenAi;

/// <summary>The body of <c>POST /v1/chat/completions</c>; the official SDKs send <c>max_completion_tokens</c>.</summary>
public sealed class ChatRequest : SamplingRequest
{
    public List<ChatRequestMessage>? Messages { get; set; }

    public int? MaxCompletionTokens { get; set; }
}
