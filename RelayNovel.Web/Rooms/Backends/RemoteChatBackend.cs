using System.ClientModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using OpenAI;
using RelayNovel.Inference.Generation;

namespace RelayNovel.Web.Rooms.Backends;

/// <summary>
/// Writes AI turns with a remote OpenAI-compatible chat endpoint through Microsoft.Extensions.AI's <see cref="IChatClient"/>.
/// The streamed pieces become <see cref="AiChunk"/>s timed from the request's start, exactly as local tokens are,
/// so editors and the replay cannot tell the difference.
/// </summary>
public sealed class RemoteChatBackend : IAiBackend, IDisposable
{
    /// <summary>Sent when no key is configured: servers without authentication ignore it, and the SDK needs one.</summary>
    private const string NoKey = "none";

    private readonly RemoteModelOptions _options;
    private readonly IChatClient _client;

    public RemoteChatBackend(RemoteModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }
        _options = options;
        var endpoint = new Uri(options.BaseUrl!);
        Endpoint = $"{endpoint.Scheme}://{endpoint.Authority}{endpoint.AbsolutePath}";
        var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? NoKey : options.ApiKey),
            new OpenAIClientOptions { Endpoint = endpoint, NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds) });
        _client = client.GetChatClient(options.Model).AsIChatClient();
    }

    /// <summary>The endpoint without user info or query, for logs.</summary>
    public string Endpoint { get; }

    public string ModelName => _options.Model!;

    public string? UnavailableReason => null;

    public int ContextLength => _options.ContextTokens;

    public string? Provider => $"remote ({new Uri(Endpoint).Host})";

    public void Warm()
    {
        // Nothing to load: the endpoint is asked per turn.
    }

    public AiPrompt Fit(string pinned, string story, int maxNewTokens)
    {
        var promptTokens = _options.ContextTokens - maxNewTokens - Tokens(_options.Instructions.Length);
        if (maxNewTokens < 1 || promptTokens < 1)
        {
            throw new ArgumentException(
                $"A turn of {maxNewTokens} tokens leaves no room for the story in the remote model's context of {_options.ContextTokens} tokens (RelayNovel:RemoteModel:ContextTokens).",
                nameof(maxNewTokens));
        }
        var (text, dropped) = CharacterPromptFit.Fit(pinned, story, (int)(promptTokens * _options.CharactersPerToken));
        return new AiPrompt(text, Tokens(text.Length), _options.ContextTokens, Tokens(dropped));
    }

    /// <summary>Remote turns never take the local engine's rows: each alternative is a request of its own, at once.</summary>
    public AiJob? TryStart(string key, Inference.Scheduling.GenerationLane lane, AiPrompt prompt, AiSettings settings, IReadOnlyList<int> seeds, Action<int>? positionChanged)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        positionChanged?.Invoke(0);
        return AiJob.Remote((i, ct) => WriteAsync(prompt, settings, seeds[i], ct), seeds.Count);
    }

    public async IAsyncEnumerable<AiChunk> WriteAsync(AiPrompt prompt, AiSettings settings, int seed,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(settings);
        ChatMessage[] messages = [new(ChatRole.System, _options.Instructions), new(ChatRole.User, prompt.Text)];
        var options = new ChatOptions
        {
            Temperature = settings.Temperature,
            TopP = settings.TopP,
            MaxOutputTokens = settings.MaxTokens,
            Seed = seed,
        };
        // Like the local model: a turn is a few sentences, so past a quarter of the budget a sentence end closes it.
        var endAtSentenceAfter = settings.EndAtSentence ? Math.Max(1, settings.MaxTokens / 4) : int.MaxValue;
        var clock = Stopwatch.StartNew();
        var written = new StringBuilder();
        var pieces = 0;
        string? finish = null;
        var updates = _client.GetStreamingResponseAsync(messages, options, ct).GetAsyncEnumerator(ct);
        await using var _ = updates.ConfigureAwait(false);
        while (await NextAsync(updates).ConfigureAwait(false))
        {
            var update = updates.Current;
            if (update.FinishReason is { } reason)
            {
                finish = reason == ChatFinishReason.Length ? nameof(FinishReason.MaxTokens) : nameof(FinishReason.EndOfText);
            }
            var text = update.Text;
            if (text.Length == 0)
            {
                continue;
            }
            // Endpoints stream about one token per event; the exact count is the remote tokenizer's business.
            pieces++;
            written.Append(text);
            if (pieces >= endAtSentenceAfter && SentenceEnd.IsAtSentenceEnd(written.ToString()))
            {
                yield return new AiChunk(text, 1, clock.Elapsed, nameof(FinishReason.SentenceEnd));
                yield break;   // leaving the loop disposes the stream, which ends the request
            }
            yield return new AiChunk(text, 1, clock.Elapsed, null);
        }
        yield return new AiChunk("", 0, clock.Elapsed, finish ?? nameof(FinishReason.EndOfText));
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The endpoint's refusal in one line for the room (the SDK's own message lists every response header).</summary>
    private async ValueTask<bool> NextAsync(IAsyncEnumerator<ChatResponseUpdate> updates)
    {
        try
        {
            return await updates.MoveNextAsync().ConfigureAwait(false);
        }
        catch (ClientResultException ex)
        {
            // Rooms see the status only: the endpoint and the server's own words (which may name hosts) go to the log.
            var plain = ex.Status is 401 or 403
                ? $"the remote model refused the server's key (HTTP {ex.Status})"
                : $"the remote model refused the request (HTTP {ex.Status})";
            throw new AiBackendException(plain, $"the remote model at {Endpoint} refused the request ({ex.Status}): {RemoteError.MessageOf(ex)}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new AiBackendException("the remote model could not be reached",
                $"the remote model at {Endpoint} could not be reached: {ex.Message}", ex);
        }
    }

    private int Tokens(int chars) => (int)Math.Ceiling(chars / _options.CharactersPerToken);
}
