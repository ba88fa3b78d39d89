namespace RelayNovel.Web.Rooms;

/// <summary>
/// Why the last AI turn was skipped when the room's settings can't be served by the model: the new tokens asked for
/// (<see cref="MaxTokens"/>) and the pinned memory don't fit its context of <see cref="ContextTokens"/> tokens.
/// <see cref="MaxTokensLimit"/> is the most the room may ask for with this model. Pages word it for people.
/// </summary>
public sealed record AiContextShortfall(int MaxTokens, int ContextTokens, int MaxTokensLimit);
