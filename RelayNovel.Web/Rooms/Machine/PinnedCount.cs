namespace RelayNovel.Web.Rooms.Machine;

/// <summary>A pinned prompt head and its token count (the context meter's split between memory and story).</summary>
public sealed record PinnedCount(string Text, int Tokens);
