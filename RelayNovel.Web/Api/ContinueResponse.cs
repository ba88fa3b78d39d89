namespace RelayNovel.Web.Api;

/// <summary>The continuation, why it ended (MaxTokens, EndOfText, StopString, Cancelled), its token count and the model.</summary>
public sealed record ContinueResponse(string Text, string FinishReason, int Tokens, string Model);
