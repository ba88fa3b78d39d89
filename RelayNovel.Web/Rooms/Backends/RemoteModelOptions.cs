using System.ComponentModel.DataAnnotations;

namespace RelayNovel.Web.Rooms.Backends;

/// <summary>
/// The "RelayNovel:RemoteModel" section: an OpenAI-compatible chat endpoint (vLLM, llama.cpp server, OpenAI) for
/// the AI seats. Empty <see cref="BaseUrl"/> keeps the local ONNX model. The key comes from configuration or the
/// environment (<c>RelayNovel__RemoteModel__ApiKey</c>) and is never logged or shown.
/// </summary>
public sealed class RemoteModelOptions
{
    public const string Section = "RelayNovel:RemoteModel";

    /// <summary>The API root the endpoint's routes hang off, e.g. <c>http://localhost:8000/v1</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The model name the endpoint knows (sent with every request, shown in the room and stored with each turn).</summary>
    public string? Model { get; set; }

    /// <summary>Bearer key; empty for servers without authentication.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The remote model's context in tokens; the prompt is cut to fit beside the turn's new tokens.</summary>
    [Range(256, 10_000_000)]
    public int ContextTokens { get; set; } = 4096;

    /// <summary>
    /// How many characters make a token, to size the prompt without the remote tokenizer. 1 is safe for Korean on
    /// common tokenizers (a Hangul syllable is about one token); English text is nearer 4.
    /// </summary>
    [Range(0.25, 16)]
    public double CharactersPerToken { get; set; } = 1;

    /// <summary>The system message: a chat model needs to be told to continue the story rather than answer it.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Instructions { get; set; } =
        "You are co-writing a Korean relay novel. Continue the story exactly where the user's text ends, in Korean, " +
        "in the same voice and tense. Reply with the next few sentences of the story only: no title, no commentary, " +
        "no repetition of the earlier text.";

    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 120;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl);

    /// <summary>A clear message for the first thing wrong, or null; checked at start so a typo stops the app, not a turn.</summary>
    public string? Problem()
    {
        if (!IsConfigured)
        {
            return null;
        }
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return $"RelayNovel:RemoteModel:BaseUrl must be an absolute http(s) URL such as http://localhost:8000/v1, got '{BaseUrl}'.";
        }
        return string.IsNullOrWhiteSpace(Model)
            ? "RelayNovel:RemoteModel:Model must name the model when RelayNovel:RemoteModel:BaseUrl is set."
            : null;
    }
}
