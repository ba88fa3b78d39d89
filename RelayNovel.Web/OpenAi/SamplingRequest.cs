using System.Text.Json;

namespace RelayNovel.Web.OpenAi;

/// <summary>
/// The parameters <c>/v1/completions</c> and <c>/v1/chat/completions</c> share. Unknown fields are ignored, as
/// OpenAI-compatible servers do; <c>top_k</c> and <c>repetition_penalty</c> are the extensions vLLM also accepts.
/// </summary>
public abstract class SamplingRequest
{
    public string? Model { get; set; }

    public int? MaxTokens { get; set; }

    public float? Temperature { get; set; }

    public float? TopP { get; set; }

    public int? TopK { get; set; }

    public float? RepetitionPenalty { get; set; }

    /// <summary>A string or an array of up to 4 strings.</summary>
    public JsonElement? Stop { get; set; }

    public long? Seed { get; set; }

    public int? N { get; set; }

    public bool? Stream { get; set; }

    public StreamOptionsRequest? StreamOptions { get; set; }
}
