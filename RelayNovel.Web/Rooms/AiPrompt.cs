namespace RelayNovel.Web.Rooms;

/// <summary>The prompt an AI turn is written from, with the numbers for the context meter.</summary>
public sealed record AiPrompt(string Text, int UsedTokens, int WindowTokens, int DroppedTokens);
