namespace RelayNovel.Web.Rooms;

/// <summary>
/// A piece of AI text as the model produced it: Hangul-safe text, the tokens it carries, when it was generated
/// (since generation start), and why generation ended (null while it goes on).
/// </summary>
public sealed record AiChunk(string Text, int Tokens, TimeSpan Elapsed, string? Finish);
