using System.Text.Json;

namespace RelayNovel.Web.OpenAi;

/// <summary>The body of <c>POST /v1/completions</c>.</summary>
public sealed class CompletionRequest : SamplingRequest
{
    /// <summary>A string, or an array holding one string (LangChain sends prompts as a list).</summary>
    public JsonElement? Prompt { get; set; }

    public bool? Echo { get; set; }

    public int? Logprobs { get; set; }

    public string? Suffix { get; set; }

    public int? BestOf { get; set; }
}
