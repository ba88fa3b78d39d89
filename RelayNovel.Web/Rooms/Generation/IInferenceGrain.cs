namespace RelayNovel.Web.Rooms.Generation;

/// <summary>
/// The token-level inference service: lives only on silos that run a generation engine (<see cref="NodeRole.Inference"/>
/// or <see cref="NodeRole.All"/>). Each call takes a fresh key, so placement picks an inference silo per request
/// (the least loaded; see <see cref="InferenceGrain"/>), and the activation leaves when its call is done.
/// </summary>
public interface IInferenceGrain : IGrainWithStringKey
{
    /// <summary>The node's model as rooms show it, and its waiting line.</summary>
    Task<InferenceModelInfo> Describe();

    /// <summary>The prompt for a turn, fitted with the node's tokenizer (see <see cref="IGenerationEngine.Fit"/>).</summary>
    Task<AiPrompt> Fit(string pinned, string story, int maxNewTokens);

    /// <summary>
    /// Runs one request in the node's engine and streams it back: places in line (0 when it starts), then every
    /// alternative's chunks, interleaved, each in order; or one <see cref="InferenceStage.Refused"/> when the line is full.
    /// Cancelling the enumeration (or the token) takes the request out of the engine.
    /// </summary>
    IAsyncEnumerable<InferenceUpdate> Generate(InferenceRequest request, CancellationToken cancellationToken = default);
}
