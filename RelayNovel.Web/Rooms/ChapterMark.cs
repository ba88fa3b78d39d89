namespace RelayNovel.Web.Rooms;

/// <summary>The owner's mark that turn <see cref="TurnIndex"/> starts a chapter; <see cref="Title"/> is optional.</summary>
public sealed record ChapterMark(int TurnIndex, string? Title);
