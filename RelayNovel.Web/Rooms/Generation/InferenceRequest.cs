namespace RelayNovel.Web.Rooms.Generation;

/// <summary>
/// One room's AI request sent to an inference node: the fitted prompt's text (the node tokenizes it as it tokenized
/// the fit), the sampler and one seed per alternative. <see cref="Key"/> is the fairness key (the room).
/// </summary>
public sealed record InferenceRequest(string Key, AiPrompt Prompt, AiSettings Settings, IReadOnlyList<int> Seeds);
