namespace RelayNovel.Web.OpenAi;

/// <summary>Text as it is generated; the last piece has the OpenAI finish reason ("stop" or "length").</summary>
public sealed record GenerationPiece(string Text, string? FinishReason, int CompletionTokens);
