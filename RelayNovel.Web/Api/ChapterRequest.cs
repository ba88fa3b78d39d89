namespace RelayNovel.Web.Api;

/// <summary>The owner marks a turn as starting a chapter; <see cref="Title"/> is optional (blank: untitled).</summary>
public sealed record ChapterRequest(string? OwnerKey, string? Title);
